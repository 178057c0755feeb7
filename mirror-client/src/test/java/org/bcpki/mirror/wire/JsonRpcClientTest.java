package org.bcpki.mirror.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.json.JsonValue;
import org.bcpki.mirror.testing.CannedHttpClient;
import org.bcpki.mirror.testing.FakeRpcServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonRpcClientTest {
    private FakeRpcServer server;
    private JsonRpcClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeRpcServer().method("eth_blockNumber", params -> JsonValue.of("0x2a"));
        // patient: a loaded CI machine may take seconds to answer; only slowAnswersTimeOut wants a timeout
        client = new JsonRpcClient(URI.create(server.url()), JsonRpcClient.defaultHttpClient(),
                Duration.ofSeconds(60), 4096);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void returnsTheResult() throws Exception {
        assertEquals("0x2a", client.call("eth_blockNumber", List.of()).asString("result"));
        assertTrue(client.bytesReceived() > 0);
    }

    @Test
    void rpcErrorsAreReported() {
        RpcException e = assertThrows(RpcException.class, () -> client.call("eth_nothing", List.of()));
        assertEquals(RpcException.Kind.RPC_ERROR, e.kind());
        assertTrue(e.getMessage().contains("Method not found"), e.getMessage());
    }

    @Test
    @DisplayName("finding 5: Besu's HTTP 401 for a method that needs a token is a JSON-RPC error, not a broken endpoint")
    void unauthorizedIsAnRpcError() throws Exception {
        HttpServer besu = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        besu.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-40100,\"message\":\"Unauthorized\"}}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        besu.start();
        try {
            JsonRpcClient authenticated = new JsonRpcClient(URI.create("http://127.0.0.1:" + besu.getAddress().getPort()),
                    JsonRpcClient.defaultHttpClient(), Duration.ofSeconds(30), 4096);
            RpcException e = assertThrows(RpcException.class, () -> authenticated.call("debug_getRawHeader", List.of()));
            assertEquals(RpcException.Kind.RPC_ERROR, e.kind());
            assertTrue(e.getMessage().contains("401"), e.getMessage());
        } finally {
            besu.stop(0);
        }
    }

    @Test
    void malformedAndMismatchedAnswersAreRejected() {
        server.rawMutator(text -> text.substring(0, text.length() - 1));
        assertEquals(RpcException.Kind.MALFORMED,
                assertThrows(RpcException.class, () -> client.call("eth_blockNumber", List.of())).kind());
        server.rawMutator(text -> text.replaceFirst("\"id\":\\d+", "\"id\":999"));
        assertEquals(RpcException.Kind.MALFORMED,
                assertThrows(RpcException.class, () -> client.call("eth_blockNumber", List.of())).kind());
        server.rawMutator(text -> text.replace("\"2.0\"", "\"1.0\""));
        assertEquals(RpcException.Kind.MALFORMED,
                assertThrows(RpcException.class, () -> client.call("eth_blockNumber", List.of())).kind());
        server.rawMutator(text -> "[" + text + "]");
        assertEquals(RpcException.Kind.MALFORMED,
                assertThrows(RpcException.class, () -> client.call("eth_blockNumber", List.of())).kind());
    }

    @Test
    void batchesMatchAnswersByIdAndRejectGaps() throws Exception {
        server.method("echo", params -> params.get(0));
        List<List<JsonValue>> params = List.of(List.of(JsonValue.of("a")), List.of(JsonValue.of("b")), List.of(JsonValue.of("c")));
        assertEquals(List.of(JsonValue.of("a"), JsonValue.of("b"), JsonValue.of("c")), client.callBatch("echo", params));
        // Reversed order is legal.
        server.rawMutator(text -> {
            List<JsonValue> elements = new java.util.ArrayList<>(org.bcpki.core.json.Json.parse(text).asArray("a").elements());
            java.util.Collections.reverse(elements);
            return org.bcpki.core.json.Json.write(new JsonValue.JsonArray(elements));
        });
        assertEquals(JsonValue.of("c"), client.callBatch("echo", params).get(2));
        // A duplicated answer in place of another, or a missing one, is not.
        server.rawMutator(text -> {
            List<JsonValue> elements = new java.util.ArrayList<>(org.bcpki.core.json.Json.parse(text).asArray("a").elements());
            elements.set(1, elements.get(0));
            return org.bcpki.core.json.Json.write(new JsonValue.JsonArray(elements));
        });
        assertEquals(RpcException.Kind.MALFORMED, assertThrows(RpcException.class, () -> client.callBatch("echo", params)).kind());
        server.rawMutator(text -> {
            List<JsonValue> elements = new java.util.ArrayList<>(org.bcpki.core.json.Json.parse(text).asArray("a").elements());
            elements.remove(2);
            return org.bcpki.core.json.Json.write(new JsonValue.JsonArray(elements));
        });
        assertEquals(RpcException.Kind.MALFORMED, assertThrows(RpcException.class, () -> client.callBatch("echo", params)).kind());
        server.rawMutator(java.util.function.UnaryOperator.identity());
        server.batches(false);
        assertEquals(RpcException.Kind.MALFORMED, assertThrows(RpcException.class, () -> client.callBatch("echo", params)).kind());
    }

    @Test
    void oversizedAnswersAreCutOff() {
        server.rawMutator(text -> text.replace("\"0x2a\"", "\"0x" + "0".repeat(100_000) + "2a\""));
        RpcException e = assertThrows(RpcException.class, () -> client.call("eth_blockNumber", List.of()));
        assertEquals(RpcException.Kind.TOO_LARGE, e.kind());
    }

    @Test
    void inflatesGzipAnswersWithinTheCap() throws Exception {
        server.gzip(true);
        JsonRpcClient.Answer answer = client.callMeasured("eth_blockNumber", List.of());
        assertEquals("0x2a", answer.result().asString("r"));
        // A small compressed answer that inflates past the cap is refused, not inflated.
        server.rawMutator(text -> text.replace("\"0x2a\"", "\"0x" + "0".repeat(100_000) + "2a\""));
        RpcException e = assertThrows(RpcException.class, () -> client.callMeasured("eth_blockNumber", List.of()));
        assertEquals(RpcException.Kind.TOO_LARGE, e.kind());
        assertTrue(e.getMessage().contains("inflates"), e.getMessage());
    }

    @Test
    void slowAnswersTimeOut() {
        server.delayMillis(2_000);
        JsonRpcClient impatient = new JsonRpcClient(URI.create(server.url()), JsonRpcClient.defaultHttpClient(),
                Duration.ofMillis(500), 4096);
        RpcException e = assertThrows(RpcException.class, () -> impatient.call("eth_blockNumber", List.of()));
        assertEquals(RpcException.Kind.TIMEOUT, e.kind());
    }

    @Test
    void unreachableEndpointIsATransportFailure() throws Exception {
        FakeRpcServer gone = new FakeRpcServer();
        String url = gone.url();
        gone.close();
        JsonRpcClient dead = new JsonRpcClient(URI.create(url), JsonRpcClient.defaultHttpClient(), Duration.ofMillis(500), 4096);
        RpcException e = assertThrows(RpcException.class, () -> dead.call("eth_blockNumber", List.of()));
        assertTrue(e.kind() == RpcException.Kind.TRANSPORT || e.kind() == RpcException.Kind.TIMEOUT, e.kind().toString());
    }

    @Test
    void poolDropsLiarsAndFallsBack() throws Exception {
        try (FakeRpcServer honest = new FakeRpcServer().method("eth_blockNumber", params -> JsonValue.of("0x7"))) {
            EndpointPool pool = EndpointPool.of(server.url() + "," + honest.url(), Duration.ofSeconds(1), 4096);
            EndpointPool.Task<Long> task = endpoint -> {
                long n = Hex.quantityLong(endpoint.call("eth_blockNumber", List.of()).asString("r"), "n");
                if (n == 42) {
                    throw new LyingEndpointException("claims block 42");
                }
                return n;
            };
            assertEquals(7L, pool.attempt(task));
            assertEquals(1, pool.dropped().size());
            assertEquals(1, pool.live().size());
            assertEquals(7L, pool.attempt(task));
            honest.close();
            NoHonestEndpointException none = assertThrows(NoHonestEndpointException.class, () -> pool.attempt(task));
            assertTrue(none.getMessage().contains("no endpoint"), none.getMessage());
        }
    }

    @Test
    void aBatchAnswerWithAnIdNearLongMaxIsMalformedNotAnIndexError() {
        // finding (issue #17): id - firstId was cast to int before the range check, so 9223372036854775807
        // became index -2 and callBatch threw ArrayIndexOutOfBoundsException instead of RpcException
        for (String id : new String[] {"9223372036854775807", "4294967297"}) {
            String batch = "[{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"0x1\"},"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"0x2\"}]";
            RpcException e = assertThrows(RpcException.class,
                    () -> canned(batch).callBatch("echo", List.of(List.of(), List.of())));
            assertEquals(RpcException.Kind.MALFORMED, e.kind());
            assertTrue(e.getMessage().contains("was not asked for"), e.getMessage());
        }
    }

    @Test
    void anIdSpelledOtherwiseThanItWasSentIsMalformed() throws Exception {
        assertEquals(JsonValue.of("0x1"), canned("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}").call("m", List.of()));
        for (String id : new String[] {"1.0", "1e0", "10e-1", "\"1\"", "-0", "01"}) {
            RpcException e = assertThrows(RpcException.class,
                    () -> canned("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"0x1\"}").call("m", List.of()), id);
            assertEquals(RpcException.Kind.MALFORMED, e.kind());
        }
    }

    @Test
    void anEndpointsErrorMessageIsCutShort() {
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"" + "x".repeat(10_000) + "\"}}";
        RpcException e = assertThrows(RpcException.class, () -> canned(answer).call("m", List.of()));
        assertEquals(RpcException.Kind.RPC_ERROR, e.kind());
        assertTrue(e.getMessage().length() < 400 && e.getMessage().contains("(10000 characters)"), e.getMessage());
    }

    /** A client whose endpoint answers its first request with {@code body}, without a socket. */
    private static JsonRpcClient canned(String body) {
        CannedHttpClient http = new CannedHttpClient(List.of(new CannedHttpClient.Canned(
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), false)));
        return new JsonRpcClient(URI.create("http://mirror.invalid/"), http, Duration.ofSeconds(5), 64 * 1024);
    }

    @Test
    void rejectsNonHttpUrls() {
        assertThrows(IllegalArgumentException.class, () -> EndpointPool.of("file:///etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> EndpointPool.of(" , "));
    }
}
