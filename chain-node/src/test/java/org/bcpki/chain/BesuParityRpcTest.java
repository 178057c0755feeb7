package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.exec.EvmTypes;
import org.bcpki.core.crypto.Keccak;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * Issue #16: call parameters (access lists and every transaction field), eth_createAccessList, the
 * block/uncle/node methods Besu serves, and the answers where this node used to differ from Besu
 * ("safe"/"finalized", eth_getProof of absent accounts and key echo, revert messages,
 * blockTimestamp, blob fee history), each with good and bad parameters and Besu's error shapes.
 */
class BesuParityRpcTest {
    private static final String EMPTY_CODE_HASH = "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";
    private static final String ZERO_WORD = "0x" + "00".repeat(32);
    private static final String EMPTY_ROOT = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";

    @TempDir
    static Path dir;
    static TestNetwork net;
    static String url;
    static String token;
    static Credentials dev;
    static String contract;
    static String storeTxHash;

    @BeforeAll
    static void start() throws Exception {
        net = TestNetwork.create(dir, 1, 0, 200, 1000).startAll();
        url = net.rpcUrl("validator-1");
        token = net.adminToken();
        dev = Credentials.create(net.spec.devAccounts().get(0).privateKey().toHexString());
        long nonce = nonce();
        contract = EvmTypes.contractAddress(Bytes.fromHexString(dev.getAddress()), nonce).toHexString();
        send(TestAccounts.legacy(dev, 1337L, nonce, 0, 500_000, null, 0, TestAccounts.storageBytecode()));
        storeTxHash = send(TestAccounts.eip1559(dev, 1337L, nonce + 1, 100_000, contract, 0, TestAccounts.call("store", 9)));
        awaitReceipt(storeTxHash);
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    @Test
    void stateMethodsAnswerNullForABlockTheNodeDoesNotHave() throws Exception {
        long head = Long.decode(result("eth_blockNumber", "[]").asText());
        String future = "\"0x" + Long.toHexString(head + 1_000) + "\"";
        String unknownHash = "{\"blockHash\":\"0x" + "ab".repeat(32) + "\"}";
        String account = "\"" + dev.getAddress() + "\"";
        String callObject = "{\"to\":\"" + contract + "\",\"data\":\"" + TestAccounts.call("store", 1) + "\"}";
        for (String block : List.of(future, unknownHash)) {
            assertTrue(result("eth_getBalance", "[" + account + "," + block + "]").isNull(), block);
            assertTrue(result("eth_getCode", "[" + account + "," + block + "]").isNull(), block);
            assertTrue(result("eth_getStorageAt", "[" + account + ",\"0x0\"," + block + "]").isNull(), block);
            assertTrue(result("eth_getTransactionCount", "[" + account + "," + block + "]").isNull(), block);
            assertTrue(result("eth_getProof", "[" + account + ",[]," + block + "]").isNull(), block);
            assertTrue(result("eth_call", "[" + callObject + "," + block + "]").isNull(), block);
        }
        assertFalse(result("eth_getBalance", "[" + account + ",\"latest\"]").isNull());
    }

    // ---- item 2: eth_estimateGas / eth_call honour the access list and every field ----

    @Test
    void estimateWithAccessListIsEnoughForType1AndType2() throws Exception {
        List<AccessListObject> list = List.of(new AccessListObject(contract, List.of("0x" + "00".repeat(32))));
        String accessList = "[{\"address\":\"" + contract + "\",\"storageKeys\":[\"0x" + "00".repeat(32) + "\"]}]";
        for (int type = 1; type <= 2; type++) {
            String data = TestAccounts.call("store", 20 + type);
            String plain = "{\"from\":\"" + dev.getAddress() + "\",\"to\":\"" + contract + "\",\"data\":\"" + data + "\"}";
            String withList = plain.replace("}", ",\"type\":\"0x" + type + "\",\"accessList\":" + accessList + "}");
            long without = Long.decode(result("eth_estimateGas", "[" + plain + "]").asText());
            long estimate = Long.decode(result("eth_estimateGas", "[" + withList + "]").asText());
            // the list costs 2,400 + 1,900 intrinsic and saves the 2,100 of the cold slot
            assertEquals(without + 2_200, estimate, "type " + type);
            long nonce = nonce();
            RawTransaction tx = type == 1
                    ? RawTransaction.createTransaction(1337L, BigInteger.valueOf(nonce), BigInteger.ZERO, BigInteger.valueOf(estimate),
                            contract, BigInteger.ZERO, data, list)
                    : RawTransaction.createTransaction(1337L, BigInteger.valueOf(nonce), BigInteger.valueOf(estimate), contract,
                            BigInteger.ZERO, data, BigInteger.ZERO, BigInteger.ZERO, list);
            String hash = send(Bytes.wrap(TransactionEncoder.signMessage(tx, dev)));
            JsonNode receipt = awaitReceipt(hash);
            assertEquals("0x1", receipt.get("status").asText(), receipt::toString);
            assertEquals("0x" + type, receipt.get("type").asText());
            assertTrue(Long.decode(receipt.get("gasUsed").asText()) <= estimate, receipt::toString);
            // eth_call runs with the list too
            assertEquals("0x", result("eth_call", "[" + withList + ", \"latest\"]").asText());
        }
    }

    @Test
    void callParametersFollowBesu() throws Exception {
        String read = TestAccounts.call("value");
        String base = "\"from\":\"" + dev.getAddress() + "\",\"to\":\"" + contract + "\"";
        // input and data: either, both when equal; type is ignored as Besu ignores it
        assertTrue(result("eth_call", "[{" + base + ",\"input\":\"" + read + "\",\"data\":\"" + read + "\",\"type\":\"0x2\"}, \"latest\"]")
                .asText().startsWith("0x"));
        assertError(-32602, "Invalid call params", rpc("eth_call", "[{" + base + ",\"input\":\"" + read + "\",\"data\":\"0x01\"}, \"latest\"]"));
        assertError(-32602, "Invalid call params", rpc("eth_estimateGas", "[{" + base + ",\"input\":\"0x02\",\"data\":\"0x01\"}]"));
        assertError(-32000, "Wrong chainId (transaction was meant for chain id 5 and not this chain id 1337)",
                rpc("eth_call", "[{" + base + ",\"data\":\"" + read + "\",\"chainId\":\"0x5\"}, \"latest\"]"));
        assertTrue(result("eth_call", "[{" + base + ",\"data\":\"" + read + "\",\"chainId\":\"0x539\"}, \"latest\"]").asText()
                .startsWith("0x"));
        assertError(-32001, "Nonce too low (transaction nonce 0 below sender account nonce",
                rpc("eth_call", "[{" + base + ",\"data\":\"" + read + "\",\"nonce\":\"0x0\"}, \"latest\"]"));
        assertTrue(result("eth_call", "[{" + base + ",\"data\":\"" + read + "\",\"nonce\":\"0xffff\"}, \"latest\"]").asText()
                .startsWith("0x"));
        assertError(-32000, "Max priority fee per gas exceeds max fee per gas", rpc("eth_call",
                "[{" + base + ",\"maxFeePerGas\":\"0x1\",\"maxPriorityFeePerGas\":\"0x2\"}, \"latest\"]"));
        // a priced call from an account without funds: eth_call checks the up-front cost, the estimate its bound
        String poor = "\"from\":\"0x00000000000000000000000000000000000000aa\",\"to\":\"" + contract + "\"";
        assertError(-32004, "Upfront cost exceeds account balance (transaction up-front cost",
                rpc("eth_call", "[{" + poor + ",\"data\":\"" + read + "\",\"gasPrice\":\"0x1\"}, \"latest\"]"));
        assertError(-32004, "Upfront cost exceeds account balance",
                rpc("eth_estimateGas", "[{" + poor + ",\"maxFeePerGas\":\"0x1\"}]"));
        assertTrue(result("eth_call", "[{" + poor + ",\"data\":\"" + read + "\",\"gasPrice\":\"0x1\",\"strict\":false}, \"latest\"]").asText().startsWith("0x"));
        // a creation with a future nonce runs (the nonce is the sender's for the run)
        String code = "0x600a600c600039600a6000f3602a60005260206000f3";
        assertTrue(Long.decode(result("eth_estimateGas", "[{\"from\":\"" + dev.getAddress() + "\",\"data\":\"" + code
                + "\",\"nonce\":\"0xfff0\"}]").asText()) > 53_000);
        // malformed fields
        assertError(-32602, "Invalid call params", rpc("eth_call", "[{" + base + ",\"accessList\":\"x\"}, \"latest\"]"));
        assertError(-32602, "Invalid call params", rpc("eth_call", "[{" + base + ",\"accessList\":[{\"address\":\"0x12\"}]}, \"latest\"]"));
        assertError(-32602, "Invalid call params", rpc("eth_call", "[{" + base + ",\"nonce\":\"zz\"}, \"latest\"]"));
        assertError(-32602, "Invalid call params", rpc("eth_call", "[{" + base + ",\"strict\":\"yes\"}, \"latest\"]"));
        assertNodeServes();
    }

    @Test
    void revertMessagesAsCurrentBesu() throws Exception {
        String revert = "{\"to\":\"" + contract + "\",\"input\":\"" + TestAccounts.call("store", 13) + "\"}";
        JsonNode call = rpc("eth_call", "[" + revert + ", \"latest\"]");
        assertEquals("Execution reverted (unlucky number)", call.get("error").get("message").asText());
        assertEquals(3, call.get("error").get("code").asInt());
        assertTrue(call.get("error").get("data").asText().startsWith("0x08c379a0"));
        assertEquals("Execution reverted (unlucky number)", rpc("eth_estimateGas", "[" + revert + "]").get("error").get("message").asText());
    }

    @Test
    void haltsAndIntrinsicGasAsBesu() throws Exception {
        String halted = "Transaction processing could not be completed due to an exception";
        // init code that loops until the gas runs out, then undefined and INVALID opcodes
        for (String method : List.of("eth_call", "eth_estimateGas")) {
            String params = method.equals("eth_call") ? ", \"latest\"]" : "]";
            assertExactError(-32000, halted + " (Out of gas)", rpc(method, "[{\"data\":\"0x5b600056\"}" + params));
            assertExactError(-32000, halted + " (Invalid opcode: 0x0c)", rpc(method, "[{\"data\":\"0x0c\"}" + params));
            assertExactError(-32000, halted + " (Invalid opcode: 0xfe)", rpc(method, "[{\"data\":\"0xfe\"}" + params));
        }
        // a call to the contract whose gas is too low to call it at all: 21,000 + 4 per zero and 16 per other data byte
        String data = TestAccounts.call("value");
        long intrinsic = 21_000;
        for (byte b : Bytes.fromHexString(data).toArrayUnsafe()) {
            intrinsic += b == 0 ? 4 : 16;
        }
        assertExactError(-32003, "Intrinsic gas exceeds gas limit (intrinsic gas cost " + intrinsic + " exceeds gas limit 21000)",
                rpc("eth_call", "[{\"to\":\"" + contract + "\",\"data\":\"" + data + "\",\"gas\":\"0x5208\"}, \"latest\"]"));
        assertNodeServes();
    }

    // ---- eth_createAccessList ----

    @Test
    void createAccessListAsBesu() throws Exception {
        String data = TestAccounts.call("store", 31);
        String call = "{\"from\":\"" + dev.getAddress() + "\",\"to\":\"" + contract + "\",\"data\":\"" + data + "\"}";
        JsonNode created = result("eth_createAccessList", "[" + call + ", \"latest\"]");
        JsonNode list = created.get("accessList");
        assertEquals(1, list.size(), created::toString);
        assertEquals(contract, list.get(0).get("address").asText());
        assertEquals("0x" + "00".repeat(32), list.get(0).get("storageKeys").get(0).asText());
        assertFalse(created.has("error"));
        // the gas is that of the call with the list: what eth_estimateGas gives for it
        String withList = call.replace("}", ",\"accessList\":" + list + "}");
        assertEquals(result("eth_estimateGas", "[" + withList + "]").asText(), created.get("gasUsed").asText());
        // the call's own list is kept (slots it never touches included)
        String extra = call.replace("}", ",\"accessList\":[{\"address\":\"" + contract + "\",\"storageKeys\":[\"0x" + "00".repeat(31)
                + "05\"]}]}");
        JsonNode withExtra = result("eth_createAccessList", "[" + extra + "]");
        assertEquals(2, withExtra.get("accessList").get(0).get("storageKeys").size(), withExtra::toString);
        // accounts ascending by address as Besu 26.7.1+ lists them, whatever the order of the call's own list
        String high = "0x" + "ff".repeat(20);
        String reversed = call.replace("}", ",\"accessList\":[{\"address\":\"" + high + "\",\"storageKeys\":[\"0x" + "00".repeat(31)
                + "07\"]},{\"address\":\"" + contract + "\",\"storageKeys\":[]}]}");
        JsonNode sorted = result("eth_createAccessList", "[" + reversed + "]").get("accessList");
        assertEquals(2, sorted.size(), sorted::toString);
        assertEquals(contract, sorted.get(0).get("address").asText(), sorted::toString);
        assertEquals(high, sorted.get(1).get("address").asText());
        // a plain transfer touches no storage
        JsonNode transfer = result("eth_createAccessList", "[{\"from\":\"" + dev.getAddress() + "\",\"to\":\""
                + TestAccounts.BOB.getAddress() + "\",\"value\":\"0x1\"}]");
        assertEquals(0, transfer.get("accessList").size());
        assertEquals("0x5208", transfer.get("gasUsed").asText());
        // a revert is an answer with Besu's error member, not a JSON-RPC error
        JsonNode reverted = result("eth_createAccessList", "[{\"to\":\"" + contract + "\",\"data\":\""
                + TestAccounts.call("store", 13) + "\"}]");
        assertEquals("execution reverted", reverted.get("error").asText());
        assertError(-32602, "Invalid call params", rpc("eth_createAccessList", "[{\"to\":\"0x12\"}]"));
        assertError(-32602, "Invalid", rpc("eth_createAccessList", "[]"));
        assertError(-32602, "block", rpc("eth_createAccessList", "[" + call + ", \"0xffffff\"]"));
        assertNodeServes();
    }

    // ---- item 3: methods ----

    @Test
    void blockTransactionAndReceiptMethods() throws Exception {
        JsonNode receipt = awaitReceipt(storeTxHash);
        String blockHash = receipt.get("blockHash").asText();
        String blockNumber = receipt.get("blockNumber").asText();
        String index = receipt.get("transactionIndex").asText();
        JsonNode byHashIndex = result("eth_getTransactionByBlockHashAndIndex", "[\"" + blockHash + "\", \"" + index + "\"]");
        assertEquals(storeTxHash, byHashIndex.get("hash").asText());
        assertEquals(byHashIndex, result("eth_getTransactionByBlockNumberAndIndex", "[\"" + blockNumber + "\", \"" + index + "\"]"));
        assertEquals(byHashIndex, result("eth_getTransactionByHash", "[\"" + storeTxHash + "\"]"));
        assertTrue(result("eth_getTransactionByBlockHashAndIndex", "[\"" + blockHash + "\", \"0x7\"]").isNull());
        assertTrue(result("eth_getTransactionByBlockNumberAndIndex", "[\"0xffffff\", \"0x0\"]").isNull());
        assertTrue(result("eth_getTransactionByBlockHashAndIndex", "[\"0x" + "ab".repeat(32) + "\", \"0x0\"]").isNull());
        assertError(-32602, "Invalid transaction hash params", rpc("eth_getTransactionByBlockHashAndIndex", "[\"0x12\", \"0x0\"]"));
        assertError(-32602, "Invalid transaction id params", rpc("eth_getTransactionByBlockHashAndIndex", "[\"" + blockHash + "\", \"x\"]"));
        assertError(-32602, "Invalid transaction index params",
                rpc("eth_getTransactionByBlockNumberAndIndex", "[\"" + blockNumber + "\", \"-1\"]"));
        assertError(-32602, "Invalid", rpc("eth_getTransactionByBlockNumberAndIndex", "[\"bogus\", \"0x0\"]"));

        int count = result("eth_getBlockByHash", "[\"" + blockHash + "\", false]").get("transactions").size();
        assertEquals("0x" + Integer.toHexString(count), result("eth_getBlockTransactionCountByHash", "[\"" + blockHash + "\"]").asText());
        assertTrue(result("eth_getBlockTransactionCountByHash", "[\"0x" + "ab".repeat(32) + "\"]").isNull());
        assertError(-32602, "Invalid block hash params", rpc("eth_getBlockTransactionCountByHash", "[\"0x12\"]"));

        JsonNode receipts = result("eth_getBlockReceipts", "[\"" + blockNumber + "\"]");
        assertEquals(count, receipts.size());
        assertEquals(receipt, receipts.get(Integer.decode(index)));
        assertEquals(receipts, result("eth_getBlockReceipts", "[\"" + blockHash + "\"]"));
        assertEquals(receipts, result("eth_getBlockReceipts", "[{\"blockHash\":\"" + blockHash + "\"}]"));
        assertTrue(result("eth_getBlockReceipts", "[\"0xffffff\"]").isNull());
        assertEquals(0, result("eth_getBlockReceipts", "[\"0x" + "ab".repeat(32) + "\"]").size());
        assertError(-32602, "Invalid", rpc("eth_getBlockReceipts", "[]"));
        assertError(-32602, "Invalid", rpc("eth_getBlockReceipts", "[\"bogus\"]"));

        // blockTimestamp on transactions and logs (receipts' included), as Besu adds it
        String timestamp = result("eth_getBlockByHash", "[\"" + blockHash + "\", false]").get("timestamp").asText();
        assertEquals(timestamp, byHashIndex.get("blockTimestamp").asText());
        assertEquals(timestamp, receipt.get("logs").get(0).get("blockTimestamp").asText());
        assertEquals(timestamp, result("eth_getLogs", "[{\"blockHash\":\"" + blockHash + "\"}]").get(0).get("blockTimestamp").asText());
        JsonNode full = result("eth_getBlockByHash", "[\"" + blockHash + "\", true]");
        assertEquals(timestamp, full.get("transactions").get(0).get("blockTimestamp").asText());
    }

    @Test
    void unclesProtocolAndNodeMethods() throws Exception {
        String genesisHash = result("eth_getBlockByNumber", "[\"0x0\", false]").get("hash").asText();
        assertEquals("0x0", result("eth_getUncleCountByBlockHash", "[\"" + genesisHash + "\"]").asText());
        assertEquals("0x0", result("eth_getUncleCountByBlockNumber", "[\"latest\"]").asText());
        assertTrue(result("eth_getUncleCountByBlockNumber", "[\"0xffffff\"]").isNull());
        assertTrue(result("eth_getUncleCountByBlockHash", "[\"0x" + "ab".repeat(32) + "\"]").isNull());
        assertTrue(result("eth_getUncleByBlockHashAndIndex", "[\"" + genesisHash + "\", \"0x0\"]").isNull());
        assertTrue(result("eth_getUncleByBlockNumberAndIndex", "[\"0x0\", \"0x0\"]").isNull());
        assertError(-32602, "Invalid block hash params", rpc("eth_getUncleCountByBlockHash", "[\"latest\"]"));
        assertError(-32602, "Invalid block index params", rpc("eth_getUncleByBlockHashAndIndex", "[\"" + genesisHash + "\", true]"));
        assertError(-32602, "Invalid block index params", rpc("eth_getUncleByBlockNumberAndIndex", "[\"0x0\"]"));
        assertError(-32602, "Invalid", rpc("eth_getUncleCountByBlockNumber", "[]"));

        assertEquals("0x47", result("eth_protocolVersion", "[]").asText());
        String enode = result("net_enode", "[]").asText();
        assertEquals(net.spec.node("validator-1").orElseThrow().enode().toString(), enode);
        assertTrue(enode.matches("enode://[0-9a-f]{128}@127\\.0\\.0\\.1:\\d+"), enode);

        assertEquals("0x" + Bytes.wrap(Keccak.keccak256("hello".getBytes())).toUnprefixedHexString(),
                result("web3_sha3", "[\"0x68656c6c6f\"]").asText());
        assertEquals("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", result("web3_sha3", "[\"0x\"]").asText());
        assertError(-32602, "Invalid number of params", rpc("web3_sha3", "[]"));
        assertError(-32602, "Invalid number of params", rpc("web3_sha3", "[\"0x00\", \"0x00\"]"));
        assertError(-32602, "Invalid data params", rpc("web3_sha3", "[\"68656c6c6f\"]"));
        assertError(-32602, "Invalid data params", rpc("web3_sha3", "[\"0xzz\"]"));
        assertError(-32602, "Invalid data params", rpc("web3_sha3", "[5]"));

        JsonNode sendTx = rpc("eth_sendTransaction", "[{\"from\":\"" + dev.getAddress() + "\"}]");
        assertError(-32604, "The method eth_sendTransaction is not supported. Use eth_sendRawTransaction to send a signed "
                + "transaction to Besu.", sendTx);
        assertNodeServes();
    }

    @Test
    void qbftSignerMetricsAndTimeout() throws Exception {
        TestNetwork.await("3 blocks", Duration.ofSeconds(30), () -> net.height("validator-1") >= 3);
        assertEquals(net.spec.requestTimeoutSeconds(), result("qbft_getRequestTimeoutSeconds", "[]").asLong());
        assertTrue(result("qbft_getRequestTimeoutSeconds", "[]").isNumber());
        String validator = net.node("validator-1").address().toHex();
        long head = Long.decode(result("eth_blockNumber", "[]").asText());
        JsonNode metrics = result("qbft_getSignerMetrics", "[]");
        JsonNode mine = null;
        for (JsonNode m : metrics) {
            mine = m.get("address").asText().equals(validator) ? m : mine;
        }
        assertTrue(mine != null, metrics::toString);
        assertTrue(Long.decode(mine.get("proposedBlockCount").asText()) <= Math.min(head, 100), metrics::toString);
        JsonNode range = result("qbft_getSignerMetrics", "[\"0x1\", \"0x3\"]");
        assertEquals("0x2", range.get(0).get("proposedBlockCount").asText(), range::toString);
        assertEquals("0x2", range.get(0).get("lastProposedBlockNumber").asText());
        // genesis (block 0) has the zero coinbase: Besu counts it too
        JsonNode fromGenesis = result("qbft_getSignerMetrics", "[\"earliest\", \"0x2\"]");
        assertEquals(2, fromGenesis.size(), fromGenesis::toString);
        assertError(-32602, "Invalid block number params", rpc("qbft_getSignerMetrics", "[\"0x3\", \"0x3\"]"));
        assertError(-32602, "Invalid block number params", rpc("qbft_getSignerMetrics", "[\"bogus\"]"));
        assertError(-32603, "Internal error", rpc("qbft_getSignerMetrics", "[\"safe\"]"));
        assertNodeServes();
    }

    @Test
    void feeCapabilitiesAndServices() throws Exception {
        assertEquals("0x0", result("eth_baseFee", "[]").asText());
        assertEquals("0x0", result("eth_blobBaseFee", "[]").asText());
        JsonNode capabilities = result("eth_capabilities", "[]");
        assertEquals(List.of("head", "state", "tx", "logs", "receipts", "blocks", "stateproofs"), iterate(capabilities.fieldNames()));
        long head = Long.decode(capabilities.get("head").get("number").asText());
        assertEquals(result("eth_getBlockByNumber", "[\"0x" + Long.toHexString(head) + "\", false]").get("hash").asText(),
                capabilities.get("head").get("hash").asText());
        assertEquals("{\"disabled\":false,\"oldestBlock\":\"0x0\"}", capabilities.get("stateproofs").toString());

        JsonNode services = result("net_services", "[]");
        java.net.URI rpc = java.net.URI.create(url);
        assertEquals("{\"host\":\"" + rpc.getHost() + "\",\"port\":\"" + rpc.getPort() + "\"}", services.get("jsonrpc").toString());
        assertEquals(services.get("jsonrpc"), services.get("ws"), "WebSocket shares the JSON-RPC port");
        org.bcpki.chain.net.Enode enode = net.spec.node("validator-1").orElseThrow().enode();
        assertEquals("{\"host\":\"" + enode.host() + "\",\"port\":\"" + enode.port() + "\"}", services.get("p2p").toString());
        java.util.OptionalInt metrics = net.node("validator-1").metricsPort();
        assertEquals(metrics.isPresent(), services.has("metrics"), services::toString);
        if (metrics.isPresent()) {
            assertEquals(Integer.toString(metrics.getAsInt()), services.get("metrics").get("port").asText());
        }
    }

    @Test
    void storageValuesAsBesu() throws Exception {
        String absent = "0x00000000000000000000000000000000000000cc";
        JsonNode values = result("eth_getStorageValues", "[{\"" + contract + "\":[\"0x0\",\"0x1\"],\"" + absent + "\":[\"0x0\"]}, \"latest\"]");
        assertEquals(2, values.size(), values::toString);
        JsonNode stored = values.get(contract);
        assertEquals(result("eth_getStorageAt", "[\"" + contract + "\", \"0x0\", \"latest\"]").asText(), stored.get(0).asText());
        assertFalse(stored.get(0).asText().equals(ZERO_WORD), "slot 0 holds the stored value");
        assertEquals(ZERO_WORD, stored.get(1).asText());
        assertEquals(ZERO_WORD, values.get(absent).get(0).asText());
        assertEquals(values, result("eth_getStorageValues", "[{\"" + contract + "\":[\"0x0\",\"0x1\"],\"" + absent + "\":[\"0x0\"]}]"),
                "latest is the default");
        assertTrue(result("eth_getStorageValues", "[{\"" + contract + "\":[\"0x0\"]}, \"0xffffff\"]").isNull(), "a block not yet here");
        assertError(-32602, "empty request", rpc("eth_getStorageValues", "[{\"" + contract + "\":[]}]"));
        JsonNode nullList = rpc("eth_getStorageValues", "[{\"" + contract + "\":null}]");
        assertExactErrorWithData(-32602, "Invalid params", "null slot list", nullList);
        String many = "[" + "\"0x1\",".repeat(1024) + "\"0x2\"]";
        assertError(-32602, "too many slots (max 1024)", rpc("eth_getStorageValues", "[{\"" + contract + "\":" + many + "}]"));
        assertError(-32602, "Invalid params", rpc("eth_getStorageValues", "[{\"0x12\":[\"0x0\"]}]"));
        assertError(-32602, "Invalid params", rpc("eth_getStorageValues", "[{\"" + contract + "\":[\"0xzz\"]}]"));
        assertError(-32602, "Invalid params", rpc("eth_getStorageValues", "[[\"" + contract + "\"]]"));
        assertNodeServes();
    }

    @Test
    void transactionBySenderAndNonce() throws Exception {
        long storeNonce = Long.decode(result("eth_getTransactionByHash", "[\"" + storeTxHash + "\"]").get("nonce").asText());
        assertEquals(result("eth_getTransactionByHash", "[\"" + storeTxHash + "\"]"),
                result("eth_getTransactionBySenderAndNonce", "[\"" + dev.getAddress() + "\", \"0x" + Long.toHexString(storeNonce) + "\"]"));
        JsonNode deploy = result("eth_getTransactionBySenderAndNonce", "[\"" + dev.getAddress() + "\", \"0x" + Long.toHexString(storeNonce - 1) + "\"]");
        assertTrue(deploy.get("to").isNull(), "the deployment, one nonce before: " + deploy);
        assertEquals(result("eth_getTransactionByHash", "[\"" + deploy.get("hash").asText() + "\"]"), deploy);
        assertTrue(result("eth_getTransactionBySenderAndNonce", "[\"" + dev.getAddress() + "\", \"0xffff\"]").isNull());
        assertTrue(result("eth_getTransactionBySenderAndNonce", "[\"0x00000000000000000000000000000000000000cc\", \"0x0\"]").isNull());

        // a pooled transaction (a nonce gap keeps it there) comes in Besu's pending form, with publicKey and raw
        Credentials other = Credentials.create(net.spec.devAccounts().get(1).privateKey().toHexString());
        long gap = Long.decode(result("eth_getTransactionCount", "[\"" + other.getAddress() + "\", \"latest\"]").asText()) + 3;
        Bytes raw = TestAccounts.eip1559(other, 1337L, gap, 50_000, contract, 0, TestAccounts.call("value"));
        String hash = send(raw);
        JsonNode pooled = result("eth_getTransactionBySenderAndNonce", "[\"" + other.getAddress() + "\", \"" + Long.toHexString(gap) + "\"]");
        assertEquals(hash, pooled.get("hash").asText());
        assertTrue(pooled.get("blockHash").isNull(), pooled::toString);
        assertEquals(raw.toHexString(), pooled.get("raw").asText());
        assertEquals(other.getAddress(), org.bcpki.core.chain.Address.fromPublicKey(Bytes.fromHexString(pooled.get("publicKey").asText())).toHex());

        assertError(-32602, "Invalid number of params", rpc("eth_getTransactionBySenderAndNonce", "[\"" + dev.getAddress() + "\"]"));
        assertError(-32602, "Invalid address params", rpc("eth_getTransactionBySenderAndNonce", "[\"0x12\", \"0x0\"]"));
        assertError(-32602, "Invalid nonce params", rpc("eth_getTransactionBySenderAndNonce", "[\"" + dev.getAddress() + "\", \"0xzz\"]"));
        assertError(-32602, "Invalid nonce params", rpc("eth_getTransactionBySenderAndNonce", "[\"" + dev.getAddress() + "\", true]"));
        assertNodeServes();
    }

    // ---- item 4: where the node differed from Besu ----

    @Test
    void safeAndFinalizedAreUnknownBlocks() throws Exception {
        for (String tag : List.of("safe", "finalized")) {
            assertError(-39001, "Unknown block", rpc("eth_getBlockByNumber", "[\"" + tag + "\", false]"));
            assertError(-39001, "Unknown block", rpc("eth_getBalance", "[\"" + dev.getAddress() + "\", \"" + tag + "\"]"));
            assertError(-39001, "Unknown block", rpc("eth_call", "[{\"to\":\"" + contract + "\"}, \"" + tag + "\"]"));
            assertError(-39001, "Unknown block", rpc("eth_getProof", "[\"" + contract + "\", [], \"" + tag + "\"]"));
        }
        assertNodeServes();
    }

    @Test
    void proofsAsBesuWritesThem() throws Exception {
        JsonNode absent = result("eth_getProof", "[\"0x00000000000000000000000000000000000000cc\", [\"0x1\", \"0x0\"], \"latest\"]");
        assertEquals(EMPTY_CODE_HASH, absent.get("codeHash").asText());
        assertEquals(EMPTY_ROOT, absent.get("storageHash").asText());
        assertEquals("0x0", absent.get("balance").asText());
        assertEquals("0x0", absent.get("nonce").asText());
        assertEquals(0, absent.get("storageProof").size());
        assertTrue(absent.get("accountProof").size() > 0);

        JsonNode present = result("eth_getProof", "[\"" + contract + "\", [\"0x100\", \"0x1\", \"0x0\", \"0x0000000000000000000000000000000000000000000000000000000000000001\"], \"latest\"]");
        JsonNode storage = present.get("storageProof");
        assertEquals(3, storage.size(), "ascending keys, each once");
        assertEquals("0x0", storage.get(0).get("key").asText());
        assertFalse(storage.get(0).get("value").asText().equals("0x0"), "slot 0 holds the stored value");
        assertEquals("0x01", storage.get(1).get("key").asText());
        assertEquals("0x0100", storage.get(2).get("key").asText());
        assertEquals("0x0", storage.get(2).get("value").asText());
        assertError(-32602, "Invalid", rpc("eth_getProof", "[\"" + contract + "\", [\"0xzz\"], \"latest\"]"));
    }

    @Test
    void feeHistoryHasBesuBlobFields() throws Exception {
        JsonNode fees = result("eth_feeHistory", "[\"0x2\", \"latest\", [25, 75]]");
        assertEquals(List.of("oldestBlock", "baseFeePerGas", "baseFeePerBlobGas", "gasUsedRatio", "blobGasUsedRatio", "reward"),
                iterate(fees.fieldNames()));
        assertEquals(3, fees.get("baseFeePerBlobGas").size());
        assertEquals("0x0", fees.get("baseFeePerBlobGas").get(2).asText());
        assertEquals(2, fees.get("blobGasUsedRatio").size());
        assertEquals(0.0, fees.get("blobGasUsedRatio").get(0).asDouble());
    }

    // ---- helpers ----

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private static void assertNodeServes() throws Exception {
        assertEquals("0x539", result("eth_chainId", "[]").asText());
    }

    private static long nonce() throws Exception {
        return Long.decode(result("eth_getTransactionCount", "[\"" + dev.getAddress() + "\", \"pending\"]").asText());
    }

    private static String send(Bytes raw) throws Exception {
        return result("eth_sendRawTransaction", "[\"" + raw.toHexString() + "\"]").asText();
    }

    private static JsonNode awaitReceipt(String hash) {
        TestNetwork.await("receipt " + hash, Duration.ofSeconds(30), () -> {
            try {
                return !result("eth_getTransactionReceipt", "[\"" + hash + "\"]").isNull();
            } catch (Exception e) {
                return false;
            }
        });
        try {
            return result("eth_getTransactionReceipt", "[\"" + hash + "\"]");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode rpc(String method, String paramsJson) throws Exception {
        return RpcCalls.call(url, token, method, paramsJson);
    }

    static JsonNode result(String method, String paramsJson) throws Exception {
        return RpcCalls.resultOf(rpc(method, paramsJson), method + " " + paramsJson);
    }

    static void assertError(int code, String messagePart, JsonNode response) {
        RpcCalls.assertErrorContaining(code, messagePart, response);
    }

    static void assertExactErrorWithData(int code, String message, String data, JsonNode response) {
        RpcCalls.assertError(code, message, response);
        assertEquals(data, response.get("error").get("data").asText(), response::toString);
    }

    static void assertExactError(int code, String message, JsonNode response) {
        RpcCalls.assertError(code, message, response);
        assertFalse(response.get("error").has("data"), response::toString);
    }
}
