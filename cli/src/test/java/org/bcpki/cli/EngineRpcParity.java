package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bcpki.chain.network.RpcClient;
import org.bcpki.chain.network.RpcTokens;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * The JSON-RPC answers of issue #16 on any engine: access-list estimates, eth_createAccessList,
 * receipts and transactions by block, uncles, protocol version, enode, web3_sha3, QBFT signer
 * metrics and timeout, the disabled eth_sendTransaction, "safe"/"finalized", eth_getProof of an
 * absent account and its key echo, revert messages, blockTimestamp and the blob fee history; then
 * halts, eth_getStorageValues, eth_getTransactionBySenderAndNonce, debug_traceBlock, the base fees,
 * net_services and eth_capabilities. Run on
 * the embedded network and on Besu (containers), so the two answer alike.
 */
final class EngineRpcParity {
    private static final String EMPTY_CODE_HASH = "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";
    private static final String EMPTY_ROOT = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
    private static final String SLOT0 = "0x" + "00".repeat(32);

    private EngineRpcParity() {}

    static void check(EngineNetwork network) throws Exception {
        String token = RpcTokens.mint(network.dir(), RpcTokens.ADMIN_PERMISSIONS, Duration.ofMinutes(30));
        Credentials dev = network.account(0);
        long chainId = network.spec().chainId();
        try (RpcClient rpc = new RpcClient(network.validatorRpc(), token)) {
            long nonce = RpcClient.quantity(rpc.call("eth_getTransactionCount", dev.getAddress(), "pending"));
            String deploy = send(rpc, RawTransaction.createContractTransaction(BigInteger.valueOf(nonce), BigInteger.ZERO,
                    BigInteger.valueOf(500_000), BigInteger.ZERO, storageBytecode()), dev, chainId);
            String contract = receipt(rpc, deploy).get("contractAddress").asText();

            // a type-2 transaction with a 1-address/1-key list succeeds with the estimate as its gas
            String data = call("store", 21);
            Map<String, Object> withList = Map.of("from", dev.getAddress(), "to", contract, "data", data,
                    "accessList", List.of(Map.of("address", contract, "storageKeys", List.of(SLOT0))));
            long estimate = RpcClient.quantity(rpc.call("eth_estimateGas", withList));
            RawTransaction typed = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce + 1), BigInteger.valueOf(estimate),
                    contract, BigInteger.ZERO, data, BigInteger.ZERO, BigInteger.ZERO,
                    List.of(new AccessListObject(contract, List.of(SLOT0))));
            JsonNode stored = receipt(rpc, send(rpc, typed, dev, chainId));
            assertEquals("0x1", stored.get("status").asText(), stored::toString);

            JsonNode created = rpc.call("eth_createAccessList", Map.of("from", dev.getAddress(), "to", contract, "data", call("store", 22)),
                    "latest");
            assertEquals(contract, created.get("accessList").get(0).get("address").asText(), created::toString);
            assertEquals(SLOT0, created.get("accessList").get(0).get("storageKeys").get(0).asText());
            assertTrue(created.get("gasUsed").asText().startsWith("0x"));

            // receipts, transactions and counts by block; QBFT has no uncles
            String blockHash = stored.get("blockHash").asText();
            String blockNumber = stored.get("blockNumber").asText();
            String index = stored.get("transactionIndex").asText();
            JsonNode receipts = rpc.call("eth_getBlockReceipts", blockNumber);
            assertEquals(stored, receipts.get(Integer.decode(index)));
            JsonNode tx = rpc.call("eth_getTransactionByBlockHashAndIndex", blockHash, index);
            assertEquals(stored.get("transactionHash").asText(), tx.get("hash").asText());
            assertEquals(tx, rpc.call("eth_getTransactionByBlockNumberAndIndex", blockNumber, index));
            assertEquals(Hex.quantity(receipts.size()), rpc.call("eth_getBlockTransactionCountByHash", blockHash).asText());
            assertEquals("0x0", rpc.call("eth_getUncleCountByBlockHash", blockHash).asText());
            assertEquals("0x0", rpc.call("eth_getUncleCountByBlockNumber", blockNumber).asText());
            assertTrue(rpc.call("eth_getUncleByBlockHashAndIndex", blockHash, "0x0").isNull());
            assertTrue(rpc.call("eth_getUncleByBlockNumberAndIndex", blockNumber, "0x0").isNull());
            String timestamp = rpc.call("eth_getBlockByHash", blockHash, false).get("timestamp").asText();
            assertEquals(timestamp, tx.get("blockTimestamp").asText(), tx::toString);
            assertEquals(timestamp, stored.get("logs").get(0).get("blockTimestamp").asText(), stored::toString);

            // node methods
            assertTrue(rpc.call("eth_protocolVersion").asText().matches("0x[0-9a-f]+"));
            assertTrue(rpc.call("net_enode").asText().matches("enode://[0-9a-f]{128}@.+:\\d+(\\?discport=\\d+)?"));
            assertEquals("0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8",
                    rpc.call("web3_sha3", "0x68656c6c6f").asText());
            assertTrue(rpc.call("qbft_getRequestTimeoutSeconds").isNumber());
            JsonNode metrics = rpc.call("qbft_getSignerMetrics", "earliest", "latest");
            assertTrue(metrics.size() >= network.spec().genesisValidators().size(), metrics::toString);
            assertTrue(metrics.get(0).has("proposedBlockCount") && metrics.get(0).has("lastProposedBlockNumber"));
            assertError(rpc, "-32604", "The method eth_sendTransaction is not supported. Use eth_sendRawTransaction to send a "
                    + "signed transaction to Besu.", "eth_sendTransaction", Map.of("from", dev.getAddress()));

            // where the embedded node used to differ from Besu
            assertError(rpc, "-39001", "Unknown block", "eth_getBlockByNumber", "safe", false);
            assertError(rpc, "-39001", "Unknown block", "eth_getBalance", dev.getAddress(), "finalized");
            JsonNode absent = rpc.call("eth_getProof", "0x00000000000000000000000000000000000000cc", List.of("0x1"), "latest");
            assertEquals(EMPTY_CODE_HASH, absent.get("codeHash").asText());
            assertEquals(EMPTY_ROOT, absent.get("storageHash").asText());
            assertEquals(0, absent.get("storageProof").size(), absent::toString);
            JsonNode present = rpc.call("eth_getProof", contract, List.of("0x1"), "latest");
            assertEquals("0x01", present.get("storageProof").get(0).get("key").asText());
            assertError(rpc, "3", "Execution reverted (unlucky number)", "eth_call",
                    Map.of("to", contract, "data", call("store", 13)), "latest");
            JsonNode fees = rpc.call("eth_feeHistory", "0x2", "latest", List.of(50));
            assertEquals(3, fees.get("baseFeePerBlobGas").size(), fees::toString);
            assertEquals(2, fees.get("blobGasUsedRatio").size());
            assertFalse(rpc.call("eth_chainId").isNull());

            // a halt as Besu's processor reports it; methods served since the second round of issue #16
            assertError(rpc, "-32000", "Transaction processing could not be completed due to an exception (Out of gas)", "eth_call",
                    Map.of("data", "0x5b600056"), "latest");
            JsonNode values = rpc.call("eth_getStorageValues", Map.of(contract, List.of("0x0")), "latest");
            assertEquals(rpc.call("eth_getStorageAt", contract, "0x0", "latest").asText(), values.get(contract).get(0).asText(), values::toString);
            assertEquals(rpc.call("eth_getTransactionByHash", tx.get("hash").asText()),
                    rpc.call("eth_getTransactionBySenderAndNonce", dev.getAddress(), tx.get("nonce").asText()));
            assertEquals(rpc.call("debug_traceBlockByNumber", blockNumber), rpc.call("debug_traceBlock", rpc.call("debug_getRawBlock", blockNumber)));
            assertEquals("0x0", rpc.call("eth_baseFee").asText());
            assertEquals("0x0", rpc.call("eth_blobBaseFee").asText());
            JsonNode services = rpc.call("net_services");
            assertTrue(services.has("jsonrpc") && services.has("p2p"), services::toString);
            assertEquals("0x0", rpc.call("eth_capabilities").get("blocks").get("oldestBlock").asText());
        }
    }

    private static void assertError(RpcClient rpc, String code, String message, String method, Object... params) {
        IOException e = assertThrows(IOException.class, () -> rpc.call(method, params));
        assertTrue(e.getMessage().contains("\"code\":" + code) && e.getMessage().contains(message), e.getMessage());
    }

    private static String send(RpcClient rpc, RawTransaction tx, Credentials from, long chainId) throws IOException {
        byte[] signed = tx.getType().isLegacy() ? TransactionEncoder.signMessage(tx, chainId, from)
                : TransactionEncoder.signMessage(tx, from);
        return rpc.call("eth_sendRawTransaction", Numeric.toHexString(signed)).asText();
    }

    /** Polls for the receipt (a block or two) with a generous deadline. */
    private static JsonNode receipt(RpcClient rpc, String hash) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
        while (receipt.isNull() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            receipt = rpc.call("eth_getTransactionReceipt", hash);
        }
        assertFalse(receipt.isNull(), "no receipt for " + hash);
        return receipt;
    }

    private static String call(String name, long arg) {
        return FunctionEncoder.encode(new Function(name, List.of(new Uint256(arg)), List.of()));
    }

    private static String storageBytecode() throws IOException {
        try (InputStream in = EngineRpcParity.class.getResourceAsStream("/contracts/Storage.bin")) {
            return "0x" + new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }

    private static final class Hex {
        static String quantity(long n) {
            return "0x" + Long.toHexString(n);
        }
    }
}
