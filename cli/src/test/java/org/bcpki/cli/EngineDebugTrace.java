package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bcpki.chain.network.RpcClient;
import org.bcpki.chain.network.RpcTokens;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * The debug_trace* and debug_getRaw* calls a Besu operator or tool makes, on any engine: the
 * Storage test contract is deployed and called (a storage write and an event, then a revert), and
 * each trace method is checked for Besu's result shape. Needs a token: DEBUG is an authenticated
 * API group on the generated validators.
 */
final class EngineDebugTrace {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineDebugTrace() {}

    static void check(EngineNetwork network) throws Exception {
        String token = RpcTokens.mint(network.dir(), RpcTokens.ADMIN_PERMISSIONS, RpcTokens.DEFAULT_TTL);
        Credentials dev = network.account(0);
        long chainId = network.spec().chainId();
        Duration wait = Duration.ofSeconds(30 + 10 * network.blockPeriodSeconds());
        try (RpcClient rpc = new RpcClient(network.validatorRpc(), token)) {
            long nonce = RpcClient.quantity(rpc.call("eth_getTransactionCount", dev.getAddress(), "latest"));
            String deploy = send(rpc, dev, chainId, nonce, 500_000, null, storageBytecode(), wait);
            String contract = rpc.call("eth_getTransactionReceipt", deploy).get("contractAddress").asText();
            String store = send(rpc, dev, chainId, nonce + 1, 100_000, contract, call("store", 7), wait);
            String revert = send(rpc, dev, chainId, nonce + 2, 100_000, contract, call("store", 13), wait);

            JsonNode storeReceipt = rpc.call("eth_getTransactionReceipt", store);
            JsonNode trace = rpc.call("debug_traceTransaction", store);
            assertEquals(List.of("gas", "failed", "returnValue", "structLogs"), names(trace));
            assertEquals(RpcClient.quantity(storeReceipt.get("gasUsed")), trace.get("gas").asLong());
            assertFalse(trace.get("failed").asBoolean());
            JsonNode sstore = find(trace.get("structLogs"), "SSTORE");
            assertEquals(List.of("pc", "op", "gas", "gasCost", "depth", "stack", "storage"), names(sstore));
            assertEquals("0x" + "0".repeat(63) + "7", sstore.get("storage").get("0x" + "0".repeat(64)).asText());
            assertEquals(1, sstore.get("depth").asInt());
            assertTrue(has(trace.get("structLogs"), "LOG2"));
            JsonNode bare = rpc.call("debug_traceTransaction", store, Map.of("disableStack", true, "disableStorage", true));
            bare.get("structLogs").forEach(l -> assertEquals(List.of("pc", "op", "gas", "gasCost", "depth"), names(l)));

            JsonNode reverted = rpc.call("debug_traceTransaction", revert);
            assertTrue(reverted.get("failed").asBoolean());
            JsonNode last = reverted.get("structLogs").get(reverted.get("structLogs").size() - 1);
            assertEquals("REVERT", last.get("op").asText());
            assertTrue(last.get("reason").asText().startsWith("0x8c379a0"), last::toString);
            JsonNode calls = rpc.call("debug_traceTransaction", revert, Map.of("tracer", "callTracer"));
            assertEquals("CALL", calls.get("type").asText());
            assertEquals(dev.getAddress(), calls.get("from").asText());
            assertEquals(contract, calls.get("to").asText());
            assertEquals("execution reverted", calls.get("error").asText());
            assertEquals("unlucky number", calls.get("revertReason").asText());

            JsonNode block = rpc.call("debug_traceBlockByNumber", storeReceipt.get("blockNumber").asText());
            assertEquals(rpc.call("eth_getBlockByNumber", storeReceipt.get("blockNumber").asText(), false).get("transactions").size(),
                    block.size());
            List<String> hashes = new ArrayList<>();
            block.forEach(e -> hashes.add(e.get("txHash").asText()));
            assertTrue(hashes.contains(store), hashes::toString);
            assertEquals(block, rpc.call("debug_traceBlockByHash", storeReceipt.get("blockHash").asText()));
            JsonNode traceCall = rpc.call("debug_traceCall", Map.of("from", dev.getAddress(), "to", contract, "data", call("value")),
                    "latest", Map.of("tracer", "callTracer"));
            assertEquals("0x" + "0".repeat(63) + "7", traceCall.get("output").asText());

            JsonNode raws = rpc.call("debug_getRawReceipts", storeReceipt.get("blockHash").asText());
            assertEquals(block.size(), raws.size());
            String raw = rpc.call("debug_getRawTransaction", store).asText();
            assertEquals(store, Hash.sha3(raw));
            assertTrue(rpc.call("debug_traceTransaction", "0x" + "00".repeat(32)).isNull());
            IOException badTracer = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> rpc.call("debug_traceTransaction", store, Map.of("tracer", "noSuchTracer")));
            assertTrue(badTracer.getMessage().contains("-32602"), badTracer.getMessage());
            assertTrue(RpcClient.quantity(rpc.call("eth_blockNumber")) > 0, "still serving");
        }
    }

    private static String send(RpcClient rpc, Credentials dev, long chainId, long nonce, long gas, String to, String data,
            Duration wait) throws Exception {
        RawTransaction tx = RawTransaction.createTransaction(BigInteger.valueOf(nonce), BigInteger.ZERO, BigInteger.valueOf(gas),
                to, BigInteger.ZERO, data);
        String hash = rpc.call("eth_sendRawTransaction", Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, dev))).asText();
        long deadline = System.nanoTime() + wait.toNanos();
        while (rpc.call("eth_getTransactionReceipt", hash).isNull()) {
            assertTrue(System.nanoTime() < deadline, "no receipt for " + hash + " within " + wait);
            Thread.sleep(200); // polling the node for a receipt; the deadline above is what bounds the test
        }
        return hash;
    }

    private static String storageBytecode() throws IOException {
        try (InputStream in = EngineDebugTrace.class.getResourceAsStream("/contracts/Storage.bin")) {
            return "0x" + new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }

    private static String call(String name, long... args) {
        List<org.web3j.abi.datatypes.Type> inputs = new ArrayList<>();
        for (long a : args) {
            inputs.add(new Uint256(a));
        }
        return FunctionEncoder.encode(new Function(name, inputs, List.of()));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode find(JsonNode logs, String op) {
        for (JsonNode l : logs) {
            if (l.get("op").asText().equals(op)) {
                return l;
            }
        }
        throw new AssertionError("no " + op + " in " + JSON.valueToTree(logs).size() + " steps");
    }

    private static boolean has(JsonNode logs, String op) {
        for (JsonNode l : logs) {
            if (l.get("op").asText().equals(op)) {
                return true;
            }
        }
        return false;
    }
}
