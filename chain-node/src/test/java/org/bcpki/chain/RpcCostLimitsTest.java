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
import org.bcpki.chain.node.ChainNode;
import org.bcpki.chain.rpc.EthApi;
import org.bcpki.chain.rpc.RpcOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that would cost minutes of CPU are bounded, counted in gas, EVM runs and blocks, never
 * in time: rpc-gas-cap, the per-request gas budget, eth_estimateGas's run limit,
 * rpc-http-max-batch-size and rpc-max-logs-range (the response cap: {@code JsonRpcDispatcherTest}).
 */
class RpcCostLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long GAS_CAP = 1_000_000;
    /** Initcode that loops forever: JUMPDEST PUSH1 0 JUMP. */
    private static final String BURN_ALL_GAS = "0x5b600056";

    @TempDir
    static Path dir;
    static TestNetwork net;
    static ChainNode node;
    static String url;

    @BeforeAll
    static void start() {
        net = TestNetwork.create(dir, 1, 0, 200, 1000);
        net.setOption("validator-1", "rpc-gas-cap", Long.toString(GAS_CAP));
        net.setOption("validator-1", "rpc-http-max-batch-size", "1024");
        net.setOption("validator-1", "rpc-max-logs-range", "10");
        net.startAll();
        node = net.node("validator-1");
        url = net.rpcUrl("validator-1");
        TestNetwork.await("12 blocks", Duration.ofSeconds(60), () -> net.height("validator-1") >= 12);
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    static JsonNode post(String body) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    static String request(int id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    static String batch(int size, String method, String params) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            b.append(i == 0 ? "" : ",").append(request(i, method, params));
        }
        return b.append("]").toString();
    }

    @Test
    @DisplayName("finding 7: eth_call and eth_estimateGas never run more than rpc-gas-cap, whatever gas they ask for")
    void gasCap() throws Exception {
        for (String method : new String[] {"eth_call", "eth_estimateGas"}) {
            long before = node.rpcEvmGas();
            JsonNode answer = post(request(1, method, "[{\"data\":\"" + BURN_ALL_GAS + "\",\"gas\":\"0xffffffffffff\"}, \"latest\"]"));
            assertEquals(-32000, answer.get("error").get("code").asInt(), answer::toString);
            assertTrue(answer.get("error").get("message").asText().contains("(Out of gas)"), answer::toString);
            assertEquals(GAS_CAP, node.rpcEvmGas() - before, method + " ran exactly the cap");
        }
        // without a gas field the cap is the default too
        long before = node.rpcEvmGas();
        post(request(1, "eth_call", "[{\"data\":\"" + BURN_ALL_GAS + "\"}, \"latest\"]"));
        assertEquals(GAS_CAP, node.rpcEvmGas() - before);
    }

    @Test
    @DisplayName("finding 7: a 1024-call batch of gas-burning eth_estimateGas runs at most the per-request gas budget")
    void batchGasBudget() throws Exception {
        long budget = GAS_CAP * RpcOptions.DEFAULT_REQUEST_GAS_CALLS;
        long before = node.rpcEvmGas();
        JsonNode answers = post(batch(1024, "eth_estimateGas", "[{\"data\":\"" + BURN_ALL_GAS + "\"}]"));
        long spent = node.rpcEvmGas() - before;
        assertEquals(1024, answers.size());
        int ran = 0;
        int refused = 0;
        for (JsonNode a : answers) {
            JsonNode error = a.get("error");
            if (error.get("message").asText().contains("(Out of gas)")) {
                ran++;
            } else {
                assertEquals(-32005, error.get("code").asInt(), a::toString);
                assertTrue(error.get("message").asText().contains("EVM gas budget"), a::toString);
                refused++;
            }
        }
        assertEquals(RpcOptions.DEFAULT_REQUEST_GAS_CALLS, ran, "calls until the budget is spent");
        assertEquals(1024 - ran, refused);
        assertEquals(budget, spent, "the batch ran its budget and not one gas more (1024 calls unbounded: 1024 x cap)");

        // the next request has a budget of its own: a plain transfer estimate still works
        String from = net.spec.devAccounts().get(0).address().toHex();
        assertEquals("0x5208", post(request(1, "eth_estimateGas", "[{\"from\":\"" + from + "\",\"to\":\"0x" + "11".repeat(20)
                + "\",\"value\":\"0x1\"}]")).get("result").asText());
    }

    @Test
    @DisplayName("finding 7: eth_estimateGas's search stops within 1.5% and at a bounded number of EVM runs")
    void estimateGasRunsBounded() throws Exception {
        // initcode that reverts unless it starts with at least 500000 gas left: uses little, needs a lot,
        // so the search cannot stop at the gas used (an exact binary search runs ~20 times over 1M)
        String needsHalfAMillion = "0x5a6207a12011600a57005b60006000fd";
        long before = node.rpcEvmGas();
        JsonNode answer = post(request(1, "eth_estimateGas", "[{\"data\":\"" + needsHalfAMillion + "\"}]"));
        long spent = node.rpcEvmGas() - before;
        assertFalse(answer.has("error"), answer::toString);
        long estimate = Long.parseLong(answer.get("result").asText().substring(2), 16);
        // every run used about the intrinsic gas of the creation: count runs from the gas they used
        JsonNode used = post(request(2, "eth_call", "[{\"data\":\"" + needsHalfAMillion + "\",\"gas\":\"0x" + Long.toHexString(estimate) + "\"}]"));
        assertFalse(used.has("error"), () -> "the estimate is enough: " + used);
        long perRun = node.rpcEvmGas() - before - spent;
        assertTrue(spent / perRun <= EthApi.MAX_ESTIMATE_RUNS + 1, "runs: about " + spent / perRun);
        JsonNode tooLittle = post(request(3, "eth_call", "[{\"data\":\"" + needsHalfAMillion + "\",\"gas\":\"0x"
                + Long.toHexString(estimate * 98 / 100) + "\"}]"));
        assertTrue(tooLittle.has("error"), () -> "an estimate within 1.5% of the least that works: " + estimate);
    }

    @Test
    @DisplayName("finding 7: a batch larger than rpc-http-max-batch-size is refused whole, with Besu's error")
    void batchSize() throws Exception {
        JsonNode refused = post(batch(1025, "eth_blockNumber", "[]"));
        assertEquals(-32005, refused.get("error").get("code").asInt(), refused::toString);
        assertEquals("Number of requests exceeds max batch size", refused.get("error").get("message").asText());
        assertEquals(1024, post(batch(1024, "eth_blockNumber", "[]")).size());
    }

    @Test
    @DisplayName("finding 7: eth_getLogs over more than rpc-max-logs-range blocks is refused with Besu's error")
    void logsRange() throws Exception {
        JsonNode refused = post(request(1, "eth_getLogs", "[{\"fromBlock\":\"0x0\",\"toBlock\":\"0xb\"}]"));
        assertEquals(-32005, refused.get("error").get("code").asInt(), refused::toString);
        assertEquals("Requested range exceeds maximum RPC range limit", refused.get("error").get("message").asText());
        assertTrue(post(request(1, "eth_getLogs", "[{\"fromBlock\":\"0x0\",\"toBlock\":\"0xa\"}]")).get("result").isArray());
    }
}
