package org.bcpki.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The response cap, counted in bytes and in method invocations. */
class JsonRpcDispatcherTest {
    private static final int CAP = 10_000;

    private static String batch(int size, String method) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            b.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"").append(method)
                    .append("\",\"params\":[]}");
        }
        return b.append("]").toString();
    }

    @Test
    @DisplayName("finding 7: a batch whose responses outgrow the cap stops running calls and says 'response too large'")
    void batchResponseCap() throws Exception {
        AtomicInteger invocations = new AtomicInteger();
        JsonRpcDispatcher dispatcher = new JsonRpcDispatcher(RpcOptions.defaults().withMaxResponseBytes(CAP))
                .register("eth_getLogs", p -> {
                    invocations.incrementAndGet();
                    return "0x" + "ab".repeat(1500); // ~3 kB per answer, like a page of logs
                });
        String body = dispatcher.handle(batch(1024, "eth_getLogs"), Optional.empty()).body();
        assertTrue(body.length() <= CAP + 1024 * 150, "the error answers are small: " + body.length());
        JsonNode answers = JsonRpcDispatcher.JSON.readTree(body);
        assertEquals(1024, answers.size());
        int served = 0;
        for (JsonNode a : answers) {
            if (a.has("result")) {
                served++;
            } else {
                assertEquals(-32003, a.get("error").get("code").asInt());
                assertEquals("response too large", a.get("error").get("message").asText());
            }
        }
        assertEquals(3, served, "three 3 kB answers fit in 10 kB");
        assertEquals(4, invocations.get(), "the call that overflowed ran, none after it");
    }

    @Test
    @DisplayName("finding 7: a single answer over the cap is replaced by the 'response too large' error")
    void singleResponseCap() throws Exception {
        JsonRpcDispatcher dispatcher = new JsonRpcDispatcher(RpcOptions.defaults().withMaxResponseBytes(CAP))
                .register("eth_getLogs", p -> "0x" + "ab".repeat(CAP))
                .register("eth_blockNumber", p -> "0x1");
        JsonNode big = JsonRpcDispatcher.JSON.readTree(dispatcher.handle(
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"eth_getLogs\",\"params\":[]}", Optional.empty()).body());
        assertEquals(-32003, big.get("error").get("code").asInt());
        assertEquals(5, big.get("id").asInt());
        JsonNode small = JsonRpcDispatcher.JSON.readTree(dispatcher.handle(
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"eth_blockNumber\",\"params\":[]}", Optional.empty()).body());
        assertEquals("0x1", small.get("result").asText());
    }
}
