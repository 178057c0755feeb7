package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * The filter API through JSON-RPC only, so that it runs unchanged on the embedded network and on
 * Besu: block, pending-transaction and log filters collect what they should, eth_getFilterLogs
 * returns a filter's range, and unknown ids, a block filter's logs and malformed topics get Besu's
 * errors while the node keeps serving.
 */
final class FilterApiCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String STORED_TOPIC = Hash.sha3String("Stored(address,uint256)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;
    private final Credentials sender;
    private final long chainId;
    private long nonce;

    private FilterApiCheck(String url, Credentials sender, long chainId) {
        this.url = url;
        this.sender = sender;
        this.chainId = chainId;
    }

    static void check(EngineNetwork network) throws Exception {
        FilterApiCheck c = new FilterApiCheck(network.validatorRpc(), network.account(0), network.spec().chainId());
        c.nonce = Long.decode(c.result("eth_getTransactionCount", c.sender.getAddress(), "pending").asText());
        c.run();
    }

    private JsonNode rpc(String method, Object... params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", List.of(params)));
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode result(String method, Object... params) throws Exception {
        JsonNode response = rpc(method, params);
        assertFalse(response.has("error"), () -> method + " -> " + response);
        return response.get("result");
    }

    private static void assertError(int code, String message, JsonNode response) {
        assertTrue(response.has("error"), () -> "expected an error, got " + response);
        assertEquals(code, response.get("error").get("code").asInt(), response::toString);
        assertEquals(message, response.get("error").get("message").asText(), response::toString);
    }

    private String send(String to, String data) throws Exception {
        BigInteger gasPrice = Numeric.decodeQuantity(result("eth_gasPrice").asText());
        RawTransaction tx = RawTransaction.createTransaction(BigInteger.valueOf(nonce++), gasPrice, BigInteger.valueOf(300_000),
                to, BigInteger.ZERO, data);
        return result("eth_sendRawTransaction", Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, sender))).asText();
    }

    private JsonNode awaitReceipt(String hash) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode receipt = result("eth_getTransactionReceipt", hash);
            if (!receipt.isNull()) {
                return receipt;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no receipt for " + hash);
    }

    private List<JsonNode> pollUntil(String id, Predicate<List<JsonNode>> done) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!done.test(all)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("filter " + id + " collected only " + all);
            }
            result("eth_getFilterChanges", id).forEach(all::add);
            Thread.sleep(200);
        }
        return all;
    }

    private static String storageBytecode() throws Exception {
        try (InputStream in = FilterApiCheck.class.getResourceAsStream("/contracts/Storage.bin")) {
            return "0x" + new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }

    private void run() throws Exception {
        String blocks = result("eth_newBlockFilter").asText();
        assertTrue(blocks.matches("0x[0-9a-f]+"), blocks);
        String pending = result("eth_newPendingTransactionFilter").asText();

        String deployTx = send(null, storageBytecode());
        pollUntil(pending, l -> l.stream().anyMatch(h -> h.asText().equals(deployTx)));
        String contract = awaitReceipt(deployTx).get("contractAddress").asText();
        for (JsonNode hash : pollUntil(blocks, l -> !l.isEmpty())) {
            assertFalse(result("eth_getBlockByHash", hash.asText(), false).isNull(), "a real block: " + hash);
        }

        String logs = result("eth_newFilter", Map.of("address", List.of(contract), "topics", List.of(STORED_TOPIC))).asText();
        String wildcard = result("eth_newFilter", Map.of("topics", java.util.Arrays.asList(null,
                "0x" + "0".repeat(24) + sender.getAddress().substring(2)))).asText();
        String storeTx = send(contract, FunctionEncoder.encode(new Function("store", List.of(new Uint256(42)), List.of())));
        awaitReceipt(storeTx);
        for (String id : List.of(logs, wildcard)) {
            List<JsonNode> changes = pollUntil(id, l -> !l.isEmpty());
            assertEquals(1, changes.size(), changes::toString);
            assertEquals(storeTx, changes.get(0).get("transactionHash").asText());
            assertEquals(0, result("eth_getFilterChanges", id).size(), "nothing new since the last poll");
        }
        String range = result("eth_newFilter", Map.of("fromBlock", "earliest", "toBlock", "latest", "address", contract)).asText();
        assertEquals(1, result("eth_getFilterLogs", range).size());

        assertError(-32000, "Filter not found", rpc("eth_getFilterChanges", "0x1234"));
        assertError(-32000, "Logs filter not found", rpc("eth_getFilterLogs", "0x1234"));
        assertError(-32000, "Logs filter not found", rpc("eth_getFilterLogs", blocks));
        assertError(-32602, "Invalid filter params", rpc("eth_newFilter", Map.of("topics", List.of("0x12"))));
        assertError(-32602, "Invalid filter params", rpc("eth_newFilter",
                Map.of("blockHash", "0x" + "ab".repeat(32), "fromBlock", "0x1")));
        for (String id : List.of(blocks, pending, logs, wildcard, range)) {
            assertTrue(result("eth_uninstallFilter", id).asBoolean());
        }
        assertFalse(result("eth_uninstallFilter", blocks).asBoolean(), "uninstalling twice");
        assertError(-32000, "Filter not found", rpc("eth_getFilterChanges", blocks));
        assertTrue(result("eth_blockNumber").asText().startsWith("0x"), "the node still answers");
    }
}
