package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.exec.EvmTypes;
import org.bcpki.chain.exec.Receipt;
import org.bcpki.core.crypto.Keccak;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * debug_trace* and debug_getRaw* on mined transactions of the Storage test contract, called
 * directly and through a hand-assembled proxy (a nested CALL whose failure the proxy records in
 * its own slot 0): struct logs, storage views, revert reasons, callTracer nesting, block traces,
 * traceCall against traceTransaction, raw receipts and transactions, and Besu's errors.
 */
class DebugTraceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long GAS_CAP = 300_000;
    private static final String ZERO32 = "0x" + "00".repeat(32);

    @TempDir
    static Path dir;
    static TestNetwork net;
    static String url;
    static String token;
    static Credentials dev;
    static long nonce;
    static String storage;
    static String proxy;
    /** Mined transactions: proxy store(7), proxy store(13) (inner revert), direct store(13) (reverted). */
    static String deployStorage;
    static String proxyStore;
    static String proxyRevert;
    static String directRevert;

    @BeforeAll
    static void start() throws Exception {
        net = TestNetwork.create(dir, 1, 0, 200, 1000);
        net.setOption("validator-1", "rpc-gas-cap", Long.toString(GAS_CAP));
        net.startAll();
        url = net.rpcUrl("validator-1");
        token = net.adminToken();
        dev = Credentials.create(net.spec.devAccounts().get(0).privateKey().toHexString());
        nonce = Long.decode(result("eth_getTransactionCount", "[\"" + dev.getAddress() + "\", \"latest\"]").asText());
        Bytes devAddress = Bytes.fromHexString(dev.getAddress());
        storage = EvmTypes.contractAddress(devAddress, nonce).toHexString();
        deployStorage = mine(TestAccounts.legacy(dev, 1337L, nonce++, 0, 500_000, null, 0, TestAccounts.storageBytecode()));
        proxy = EvmTypes.contractAddress(devAddress, nonce).toHexString();
        mine(TestAccounts.legacy(dev, 1337L, nonce++, 0, 200_000, null, 0, proxyInitCode(storage)));
        proxyStore = mine(TestAccounts.eip1559(dev, 1337L, nonce++, 150_000, proxy, 0, TestAccounts.call("store", 7)));
        proxyRevert = mine(TestAccounts.eip1559(dev, 1337L, nonce++, 150_000, proxy, 0, TestAccounts.call("store", 13)));
        directRevert = mine(TestAccounts.eip1559(dev, 1337L, nonce++, 100_000, storage, 0, TestAccounts.call("store", 13)));
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    /**
     * Runtime: copy the calldata, CALL {@code target} with it and all gas, store the call's success
     * flag in slot 0, STOP. Init code: copy the runtime (after the 11-byte prefix) and return it.
     */
    static String proxyInitCode(String target) {
        String runtime = "36600060003760006000366000600073" + target.substring(2) + "5af160005500";
        int length = runtime.length() / 2;
        return String.format("0x60%02x80600b6000396000f3", length) + runtime;
    }

    static String mine(Bytes tx) throws Exception {
        String hash = result("eth_sendRawTransaction", "[\"" + tx.toHexString() + "\"]").asText();
        TestNetwork.await("receipt of " + hash, Duration.ofSeconds(30), () -> {
            try {
                return !result("eth_getTransactionReceipt", "[\"" + hash + "\"]").isNull();
            } catch (Exception e) {
                return false;
            }
        });
        return hash;
    }

    static JsonNode rpc(String method, String paramsJson) throws Exception {
        return JSON.readTree(post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + paramsJson + "}"));
    }

    static String post(String body) throws Exception {
        return RpcCalls.post(url, token, body).body();
    }

    static JsonNode result(String method, String paramsJson) throws Exception {
        return RpcCalls.resultOf(rpc(method, paramsJson), method + " " + paramsJson);
    }

    static void assertError(int code, String message, JsonNode response) {
        RpcCalls.assertError(code, message, response);
    }

    static JsonNode receipt(String hash) throws Exception {
        return result("eth_getTransactionReceipt", "[\"" + hash + "\"]");
    }

    static JsonNode trace(String hash, String options) throws Exception {
        return result("debug_traceTransaction", "[\"" + hash + "\"" + (options == null ? "" : ", " + options) + "]");
    }

    static List<String> ops(JsonNode logs, int depth) {
        List<String> ops = new ArrayList<>();
        logs.forEach(l -> {
            if (l.get("depth").asInt() == depth) {
                ops.add(l.get("op").asText());
            }
        });
        return ops;
    }

    static JsonNode step(JsonNode logs, String op, int depth) {
        for (JsonNode l : logs) {
            if (l.get("op").asText().equals(op) && l.get("depth").asInt() == depth) {
                return l;
            }
        }
        throw new AssertionError("no " + op + " at depth " + depth);
    }

    static String slot(long value) {
        return "0x" + String.format("%064x", value);
    }

    @Test
    void structLogsOfANestedCallWithStorageAndLog() throws Exception {
        JsonNode trace = trace(proxyStore, null);
        JsonNode receipt = receipt(proxyStore);
        assertFalse(trace.get("failed").asBoolean());
        assertEquals(Long.decode(receipt.get("gasUsed").asText()), trace.get("gas").asLong());
        assertEquals("", trace.get("returnValue").asText());
        JsonNode logs = trace.get("structLogs");
        assertEquals(List.of("CALLDATASIZE", "PUSH1", "PUSH1", "CALLDATACOPY", "PUSH1", "PUSH1", "CALLDATASIZE", "PUSH1", "PUSH1",
                "PUSH20", "GAS", "CALL", "PUSH1", "SSTORE", "STOP"), ops(logs, 1));
        List<String> inner = ops(logs, 2);
        assertTrue(inner.contains("SSTORE") && inner.contains("LOG2") && inner.contains("CALLER"), inner::toString);
        assertEquals("STOP", inner.get(inner.size() - 1));

        // the callee's storage view holds its own write; the proxy's holds only its slot 0 = 1 (success)
        JsonNode innerStore = step(logs, "SSTORE", 2);
        assertEquals(slot(7), innerStore.get("storage").get(ZERO32).asText(), innerStore::toString);
        JsonNode outerStore = step(logs, "SSTORE", 1);
        assertEquals(1, outerStore.get("storage").size(), outerStore::toString);
        assertEquals(slot(1), outerStore.get("storage").get(ZERO32).asText());
        assertFalse(step(logs, "CALL", 1).has("storage"), "nothing written in the proxy before its SSTORE");
        // Besu's step fields, stack as compact hex; no memory by default
        JsonNode first = logs.get(0);
        assertEquals(List.of("pc", "op", "gas", "gasCost", "depth", "stack"), fieldNames(first));
        assertEquals("0x24", logs.get(1).get("stack").get(0).asText(), "CALLDATASIZE of store(uint256): 36");

        // gas: each step of a frame starts with what the previous one left, and the last leaves the receipt's gas
        for (int i = 0; i + 1 < logs.size(); i++) {
            JsonNode a = logs.get(i);
            JsonNode b = logs.get(i + 1);
            if (a.get("depth").asInt() == b.get("depth").asInt() && !a.get("op").asText().equals("CALL")) {
                assertEquals(a.get("gas").asLong() - a.get("gasCost").asLong(), b.get("gas").asLong(), a + " -> " + b);
            }
        }
        JsonNode last = logs.get(logs.size() - 1);
        assertEquals(150_000 - (last.get("gas").asLong() - last.get("gasCost").asLong()), trace.get("gas").asLong());
        // the CALL's cost is what it charges plus the gas it hands over; the callee starts with that gas
        JsonNode call = step(logs, "CALL", 1);
        JsonNode calleeFirst = logs.get(indexOf(logs, call) + 1);
        assertTrue(call.get("gasCost").asLong() > calleeFirst.get("gas").asLong(), call + " / " + calleeFirst);
        assertTrue(call.get("gasCost").asLong() - calleeFirst.get("gas").asLong() <= 2600 + 100, call::toString);
    }

    static int indexOf(JsonNode logs, JsonNode step) {
        for (int i = 0; i < logs.size(); i++) {
            if (logs.get(i) == step) {
                return i;
            }
        }
        return -1;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void tracerOptions() throws Exception {
        JsonNode noStorage = trace(proxyStore, "{\"disableStorage\":true}").get("structLogs");
        noStorage.forEach(l -> assertFalse(l.has("storage")));
        JsonNode noStack = trace(proxyStore, "{\"disableStack\":true}").get("structLogs");
        noStack.forEach(l -> assertFalse(l.has("stack")));
        assertTrue(step(noStack, "SSTORE", 2).has("storage"), "storage does not need the stack in the output");
        JsonNode memory = trace(proxyStore, "{\"disableMemory\":false}").get("structLogs");
        // after CALLDATACOPY the first word holds the selector of store(uint256) = 0x6057361d, compact hex
        JsonNode copy = step(memory, "CALLDATACOPY", 1);
        assertTrue(copy.get("memory").get(0).asText().startsWith("0x6057361d"), copy::toString);
        assertFalse(memory.get(0).has("memory"), "no memory before anything is written");
        assertEquals(trace(proxyStore, null).get("structLogs").size(), memory.size());
    }

    @Test
    void revertReasonsInStructLogsAndCallTracer() throws Exception {
        // nested revert: the proxy survives and records failure (slot 0 = 0 was 1: written back to 0)
        JsonNode nested = trace(proxyRevert, null);
        assertFalse(nested.get("failed").asBoolean());
        JsonNode revert = step(nested.get("structLogs"), "REVERT", 2);
        assertTrue(revert.get("reason").asText().startsWith("0x8c379a0"), revert::toString);
        JsonNode outerStore = step(nested.get("structLogs"), "SSTORE", 1);
        assertEquals(slot(0), outerStore.get("storage").get(ZERO32).asText());

        JsonNode calls = trace(proxyRevert, "{\"tracer\":\"callTracer\"}");
        assertEquals("CALL", calls.get("type").asText());
        assertEquals(dev.getAddress(), calls.get("from").asText());
        assertEquals(proxy, calls.get("to").asText());
        assertEquals("0x" + Long.toHexString(150_000), calls.get("gas").asText());
        assertEquals(receipt(proxyRevert).get("gasUsed").asText(), calls.get("gasUsed").asText());
        assertEquals(TestAccounts.call("store", 13), calls.get("input").asText());
        assertFalse(calls.has("error"));
        assertEquals(1, calls.get("calls").size());
        JsonNode child = calls.get("calls").get(0);
        assertEquals("CALL", child.get("type").asText());
        assertEquals(proxy, child.get("from").asText());
        assertEquals(storage, child.get("to").asText());
        assertEquals("0x0", child.get("value").asText());
        assertEquals("execution reverted", child.get("error").asText());
        assertEquals("unlucky number", child.get("revertReason").asText());
        assertTrue(child.get("output").asText().startsWith("0x08c379a0"), child::toString);
        assertEquals(List.of("from", "gas", "gasUsed", "to", "input", "output", "error", "revertReason", "value", "type"),
                fieldNames(child));

        // a reverted transaction: failed, no return value, the reason on the top-level REVERT
        JsonNode direct = trace(directRevert, null);
        assertTrue(direct.get("failed").asBoolean());
        assertEquals("", direct.get("returnValue").asText());
        JsonNode logs = direct.get("structLogs");
        assertEquals("REVERT", logs.get(logs.size() - 1).get("op").asText());
        assertTrue(logs.get(logs.size() - 1).get("reason").asText().startsWith("0x8c379a0"));
        JsonNode root = trace(directRevert, "{\"tracer\":\"callTracer\"}");
        assertEquals("execution reverted", root.get("error").asText());
        assertEquals("unlucky number", root.get("revertReason").asText());
        assertTrue(root.get("output").asText().startsWith("0x08c379a0"));
        assertFalse(root.has("calls"));
    }

    @Test
    void blockTracesListEveryTransactionWithItsHash() throws Exception {
        // two transactions sent together; wherever they land, each block trace lists its block's transactions in order
        String a = result("eth_sendRawTransaction", "[\"" + TestAccounts.eip1559(dev, 1337L, nonce++, 150_000, proxy, 0,
                TestAccounts.call("store", 21)).toHexString() + "\"]").asText();
        String b = mine(TestAccounts.eip1559(dev, 1337L, nonce++, 150_000, storage, 0, TestAccounts.call("put", 1, 2)));
        for (String hash : List.of(a, b)) {
            JsonNode receipt = receipt(hash);
            JsonNode block = result("eth_getBlockByHash", "[\"" + receipt.get("blockHash").asText() + "\", false]");
            JsonNode byNumber = result("debug_traceBlockByNumber", "[\"" + receipt.get("blockNumber").asText() + "\"]");
            JsonNode byHash = result("debug_traceBlockByHash", "[\"" + receipt.get("blockHash").asText() + "\"]");
            assertEquals(byNumber, byHash);
            assertEquals(block.get("transactions").size(), byNumber.size());
            for (int i = 0; i < byNumber.size(); i++) {
                JsonNode entry = byNumber.get(i);
                assertEquals(List.of("txHash", "result"), fieldNames(entry));
                assertEquals(block.get("transactions").get(i).asText(), entry.get("txHash").asText());
                assertEquals(trace(entry.get("txHash").asText(), null), entry.get("result"));
            }
            JsonNode calls = result("debug_traceBlockByNumber", "[\"" + receipt.get("blockNumber").asText() + "\", {\"tracer\":\"callTracer\"}]");
            assertEquals("CALL", calls.get(0).get("result").get("type").asText());
        }
        assertEquals(0, result("debug_traceBlockByNumber", "[\"0x0\"]").size(), "genesis has no transactions");
    }

    @Test
    void traceCallMatchesTheMinedTransaction() throws Exception {
        JsonNode receipt = receipt(proxyStore);
        JsonNode block = result("eth_getBlockByHash", "[\"" + receipt.get("blockHash").asText() + "\", false]");
        assertEquals(1, block.get("transactions").size(), "the proxy call was mined alone");
        String parent = "0x" + Long.toHexString(Long.decode(receipt.get("blockNumber").asText()) - 1);
        String call = "{\"from\":\"" + dev.getAddress() + "\",\"to\":\"" + proxy + "\",\"gas\":\"0x249f0\",\"data\":\""
                + TestAccounts.call("store", 7) + "\"}";
        JsonNode traced = result("debug_traceCall", "[" + call + ", \"" + parent + "\"]");
        assertEquals(trace(proxyStore, null), traced);
        JsonNode calls = result("debug_traceCall", "[" + call + ", \"" + parent + "\", {\"tracer\":\"callTracer\"}]");
        assertEquals(trace(proxyStore, "{\"tracer\":\"callTracer\"}"), calls);
        // on the latest state the same call finds slot 0 set: a different trace, still successful
        assertFalse(result("debug_traceCall", "[" + call + "]").get("failed").asBoolean());
    }

    @Test
    void traceCallReadsTheCallObjectAsEthCall() throws Exception {
        String store = TestAccounts.call("store", 41);
        String base = "\"from\":\"" + dev.getAddress() + "\",\"to\":\"" + storage + "\",\"gas\":\"0x249f0\",\"data\":\"" + store + "\"";
        String list = ",\"accessList\":[{\"address\":\"" + storage + "\",\"storageKeys\":[\"" + ZERO32 + "\"]}]";
        JsonNode plain = result("debug_traceCall", "[{" + base + "}, \"latest\"]");
        JsonNode listed = result("debug_traceCall", "[{" + base + list + "}, \"latest\"]");
        // the list costs 2,400 + 1,900 intrinsic gas and saves the 2,100 of the cold SSTORE, as in eth_estimateGas
        assertEquals(plain.get("gas").asLong() + 2_200, listed.get("gas").asLong(), listed::toString);
        assertEquals(step(plain.get("structLogs"), "SSTORE", 1).get("gasCost").asLong() - 2_100,
                step(listed.get("structLogs"), "SSTORE", 1).get("gasCost").asLong());
        // a given nonce is the sender's for the run: a creation lands where that nonce puts it
        String creation = "{\"from\":\"" + dev.getAddress() + "\",\"nonce\":\"0xfff0\",\"data\":\"" + TestAccounts.storageBytecode() + "\"}";
        JsonNode created = result("debug_traceCall", "[" + creation + ", \"latest\", {\"tracer\":\"callTracer\"}]");
        assertEquals(EvmTypes.contractAddress(Bytes.fromHexString(dev.getAddress()), 0xfff0).toHexString(), created.get("to").asText());
        // what Besu's validation refuses is an internal error with the reason as data
        JsonNode lowNonce = rpc("debug_traceCall", "[{" + base + ",\"nonce\":\"0x0\"}, \"latest\"]");
        assertError(-32603, "Internal error", lowNonce);
        assertTrue(lowNonce.get("error").get("data").asText().startsWith("transaction nonce 0 below sender account nonce "), lowNonce::toString);
        JsonNode foreign = rpc("debug_traceCall", "[{" + base + ",\"chainId\":\"0x5\"}, \"latest\"]");
        assertError(-32603, "Internal error", foreign);
        assertEquals("transaction was meant for chain id 5 and not this chain id 1337", foreign.get("error").get("data").asText());
        JsonNode tooLittle = rpc("debug_traceCall", "[{\"to\":\"" + storage + "\",\"gas\":\"0x10\"}]");
        assertEquals("intrinsic gas cost 21000 exceeds gas limit 16", tooLittle.get("error").get("data").asText(), tooLittle::toString);
        assertError(-32602, "Invalid call params", rpc("debug_traceCall", "[{" + base + ",\"input\":\"0x01\"}, \"latest\"]"));
        assertError(-32602, "Invalid call params", rpc("debug_traceCall", "[{" + base + ",\"accessList\":5}, \"latest\"]"));
    }

    @Test
    void traceOfARawBlockIsTheTraceOfThatBlock() throws Exception {
        JsonNode receipt = receipt(proxyRevert);
        String number = receipt.get("blockNumber").asText();
        String raw = result("debug_getRawBlock", "[\"" + number + "\"]").asText();
        assertEquals(result("debug_traceBlockByNumber", "[\"" + number + "\"]"), result("debug_traceBlock", "[\"" + raw + "\"]"));
        assertEquals(result("debug_traceBlockByNumber", "[\"" + number + "\", {\"tracer\":\"callTracer\"}]"),
                result("debug_traceBlock", "[\"" + raw + "\", {\"tracer\":\"callTracer\"}]"));
        // genesis has no parent; the same block on a parent this node does not have
        assertError(-32000, "Parent block not found", rpc("debug_traceBlock", "[\"" + result("debug_getRawBlock", "[\"0x0\"]").asText() + "\"]"));
        String parent = result("eth_getBlockByNumber", "[\"" + number + "\", false]").get("parentHash").asText();
        assertError(-32000, "Parent block not found", rpc("debug_traceBlock", "[\"" + raw.replace(parent.substring(2), "ab".repeat(32)) + "\"]"));
        for (String bad : List.of("\"0x12\"", "\"nope\"", "5", "\"" + raw.substring(0, raw.length() - 2) + "\"")) {
            assertError(-32602, "Invalid block param (block not found)", rpc("debug_traceBlock", "[" + bad + "]"));
        }
        assertError(-32602, "Invalid transaction trace params", rpc("debug_traceBlock", "[\"" + raw + "\", {\"tracer\":\"nope\"}]"));
    }

    @Test
    void rawReceiptsAndTransactions() throws Exception {
        JsonNode receipt = receipt(proxyRevert);
        JsonNode raws = result("debug_getRawReceipts", "[\"" + receipt.get("blockNumber").asText() + "\"]");
        assertEquals(raws, result("debug_getRawReceipts", "[\"" + receipt.get("blockHash").asText() + "\"]"));
        int index = Integer.decode(receipt.get("transactionIndex").asText());
        String raw = raws.get(index).asText();
        assertTrue(raw.startsWith("0x02f9"), "EIP-2718: type byte, then the RLP list: " + raw);
        Receipt decoded = Receipt.decode(Bytes.fromHexString(raw));
        assertEquals(receipt.get("status").asText().equals("0x1"), decoded.success());
        assertEquals(Long.decode(receipt.get("cumulativeGasUsed").asText()), decoded.cumulativeGasUsed());
        assertEquals(receipt.get("logs").size(), decoded.logs().size());
        assertEquals(receipt.get("logsBloom").asText(), decoded.bloom().toHexString());
        // the deployment is a legacy transaction: a bare RLP list
        JsonNode deploy = receipt(deployStorage);
        String legacy = result("debug_getRawReceipts", "[\"" + deploy.get("blockHash").asText() + "\"]")
                .get(Integer.decode(deploy.get("transactionIndex").asText())).asText();
        assertTrue(legacy.startsWith("0xf9"), legacy);
        assertEquals(0, Receipt.decode(Bytes.fromHexString(legacy)).type());
        assertEquals(Long.decode(deploy.get("cumulativeGasUsed").asText()), Receipt.decode(Bytes.fromHexString(legacy)).cumulativeGasUsed());

        String tx = result("debug_getRawTransaction", "[\"" + proxyRevert + "\"]").asText();
        assertEquals(proxyRevert, Bytes.wrap(Keccak.keccak256(Bytes.fromHexString(tx).toArrayUnsafe())).toHexString());
        assertTrue(tx.startsWith("0x02"));
        assertTrue(result("debug_getRawTransaction", "[\"" + ZERO32 + "\"]").isNull());
        assertTrue(result("debug_getRawReceipts", "[\"0xffffff\"]").isNull());
        assertTrue(result("debug_getRawReceipts", "[\"0x" + "ab".repeat(32) + "\"]").isNull());
        assertError(-32602, "Invalid block param (block not found)", rpc("debug_getRawReceipts", "[\"nope\"]"));
        assertError(-32602, "Invalid transaction hash params", rpc("debug_getRawTransaction", "[\"0x12\"]"));
    }

    @Test
    void badParametersGetBesuErrorsAndTheNodeStaysUp() throws Exception {
        assertTrue(result("debug_traceTransaction", "[\"" + ZERO32 + "\"]").isNull(), "Besu traces an unknown hash to null");
        assertError(-32602, "Invalid transaction hash params", rpc("debug_traceTransaction", "[\"0x12\"]"));
        assertError(-32602, "Invalid transaction hash params", rpc("debug_traceTransaction", "[]"));
        for (String options : List.of("{\"tracer\":\"nope\"}", "{\"tracer\":\"calltracer\"}", "\"callTracer\"",
                "{\"disableStack\":\"yes\"}", "{\"tracerConfig\":5}")) {
            assertError(-32602, "Invalid transaction trace params", rpc("debug_traceTransaction", "[\"" + proxyStore + "\", " + options + "]"));
            assertError(-32602, "Invalid transaction trace params", rpc("debug_traceBlockByNumber", "[\"latest\", " + options + "]"));
        }
        assertTrue(result("debug_traceBlockByNumber", "[\"0xffffff\"]").isNull());
        assertTrue(result("debug_traceBlockByHash", "[\"0x" + "ab".repeat(32) + "\"]").isNull());
        assertError(-32602, "Invalid block param (block not found)", rpc("debug_traceBlockByNumber", "[\"nope\"]"));
        assertError(-32602, "Invalid block hash params", rpc("debug_traceBlockByHash", "[\"0x12\"]"));
        assertError(-39001, "Unknown block", rpc("debug_traceBlockByNumber", "[\"finalized\"]"));
        String call = "{\"to\":\"" + proxy + "\",\"data\":\"" + TestAccounts.call("store", 7) + "\"}";
        assertError(-32000, "Block not found", rpc("debug_traceCall", "[" + call + ", \"0xffffff\"]"));
        assertError(-32602, "Invalid call params", rpc("debug_traceCall", "[{\"to\":\"0x12\"}, \"latest\"]"));
        assertError(-32602, "Invalid call params", rpc("debug_traceCall", "[5]"));
        assertError(-32602, "Invalid transaction trace params", rpc("debug_traceCall", "[" + call + ", \"latest\", {\"tracer\":1}]"));
        assertError(-32603, "Internal error", rpc("debug_traceCall", "[{\"to\":\"" + proxy + "\",\"gas\":\"0x10\"}]"));
        assertEquals("{\"error\":\"Not Yet Implemented\"}", trace(proxyStore, "{\"tracer\":\"flatCallTracer\"}").toString());
        assertTrue(trace(proxyStore, "{\"tracer\":\"4byteTracer\"}").has("0x6057361d-32"));
        JsonNode prestate = trace(proxyStore, "{\"tracer\":\"prestateTracer\"}");
        assertTrue(prestate.has(proxy) && prestate.has(storage), prestate::toString);
        assertTrue(result("eth_blockNumber", "[]").asText().startsWith("0x"), "node still serving");
    }

    @Test
    void creationOutOfGasAndAuthentication() throws Exception {
        JsonNode create = trace(deployStorage, "{\"tracer\":\"callTracer\"}");
        assertEquals("CREATE", create.get("type").asText());
        assertEquals(storage, create.get("to").asText());
        assertEquals(TestAccounts.storageBytecode(), create.get("input").asText());
        assertEquals(result("eth_getCode", "[\"" + storage + "\", \"latest\"]").asText(), create.get("output").asText());
        JsonNode createLogs = trace(deployStorage, null);
        assertFalse(createLogs.get("failed").asBoolean());
        assertEquals(Long.decode(receipt(deployStorage).get("gasUsed").asText()), createLogs.get("gas").asLong());
        assertEquals("CODECOPY", step(createLogs.get("structLogs"), "CODECOPY", 1).get("op").asText());

        // 23,000 gas leaves too little for store's SSTORE: the whole gas is used and the call tracer says so as Besu does
        String oog = mine(TestAccounts.eip1559(dev, 1337L, nonce++, 23_000, storage, 0, TestAccounts.call("store", 8)));
        assertEquals("0x0", receipt(oog).get("status").asText());
        JsonNode root = trace(oog, "{\"tracer\":\"callTracer\"}");
        assertEquals("Out of gas", root.get("error").asText());
        assertEquals("0x59d8", root.get("gasUsed").asText());
        JsonNode logs = trace(oog, null);
        assertTrue(logs.get("failed").asBoolean());
        assertEquals(23_000, logs.get("gas").asLong());
        assertEquals("", logs.get("returnValue").asText());

        // DEBUG is an authenticated API group: no token, no trace
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"debug_traceTransaction\",\"params\":[\""
                        + proxyStore + "\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous::body);
        assertEquals(-40100, JSON.readTree(anonymous.body()).get("error").get("code").asInt());
    }

    @Test
    void tracesAreChargedToTheRequestGasBudget() throws Exception {
        // rpc-gas-cap 300k: a request may run 3M gas; 60 traces of a ~70k-gas transaction cannot all run
        long used = Long.decode(receipt(proxyStore).get("gasUsed").asText());
        int n = (int) (10 * GAS_CAP / used) + 10;
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i)
                    .append(",\"method\":\"debug_traceTransaction\",\"params\":[\"").append(proxyStore)
                    .append("\",{\"disableStack\":true,\"disableStorage\":true}]}");
        }
        JsonNode replies = JSON.readTree(post(batch.append("]").toString()));
        long refused = 0;
        for (JsonNode reply : replies) {
            if (reply.has("error")) {
                assertEquals(-32005, reply.get("error").get("code").asInt(), reply::toString);
                refused++;
            }
        }
        assertTrue(refused > 0 && refused < n, "refused " + refused + " of " + n);
        assertFalse(result("debug_traceTransaction", "[\"" + proxyStore + "\"]").get("failed").asBoolean());
    }
}
