package org.bcpki.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Besu's rpc-http-cors-origins on the JSON-RPC HTTP server: allowed origins, preflight, refusal. */
class CorsTest {
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_clientVersion\",\"params\":[]}";
    private final HttpClient http = HttpClient.newHttpClient();

    private static JsonRpcServer server(List<String> origins) {
        RpcOptions options = RpcOptions.fromConfig(origins == null ? Map.of() : Map.of("rpc-http-cors-origins", origins), Path.of("."));
        JsonRpcDispatcher dispatcher = new JsonRpcDispatcher(options);
        dispatcher.register("web3_clientVersion", p -> "test");
        return new JsonRpcServer(dispatcher, new Subscriptions(), f -> l -> true, Optional.empty()).start("127.0.0.1", 0);
    }

    private HttpResponse<String> post(JsonRpcServer server, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(CALL));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> preflight(JsonRpcServer server, String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listedOriginIsAllowedAndPreflightAnswered() throws Exception {
        try (JsonRpcServer server = server(List.of("http://app.example:3000", "https://.*\\.wallet\\.example"))) {
            HttpResponse<String> ok = post(server, "http://app.example:3000");
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("\"result\":\"test\""), ok.body());
            assertEquals(Optional.of("http://app.example:3000"), ok.headers().firstValue("Access-Control-Allow-Origin"));
            assertEquals(Optional.of("Origin"), ok.headers().firstValue("Vary"));

            HttpResponse<String> pre = preflight(server, "https://pay.wallet.example");
            assertEquals(204, pre.statusCode());
            assertEquals("", pre.body());
            assertEquals(Optional.of("https://pay.wallet.example"), pre.headers().firstValue("Access-Control-Allow-Origin"));
            assertEquals(Optional.of("*,content-type"), pre.headers().firstValue("Access-Control-Allow-Headers"));

            HttpResponse<String> refused = post(server, "http://evil.example");
            assertEquals(403, refused.statusCode());
            assertEquals("Exception thrown handling RPC", refused.body());
            assertFalse(refused.headers().firstValue("Access-Control-Allow-Origin").isPresent());
            assertEquals(403, preflight(server, "http://app.example:3000.evil.example").statusCode(), "the whole origin must match");

            // a request without Origin is no CORS request; the server is still up after the refusals
            assertEquals(200, post(server, null).statusCode());
        }
    }

    @Test
    void withoutCorsOriginsEveryOriginIsRefusedAsBesu() throws Exception {
        try (JsonRpcServer server = server(null)) {
            assertEquals(403, post(server, "http://localhost:3000").statusCode());
            assertEquals(403, preflight(server, "http://localhost:3000").statusCode());
            assertEquals(200, post(server, null).statusCode());
        }
    }

    @Test
    void starAllowsAnyOrigin() throws Exception {
        try (JsonRpcServer server = server(List.of("*"))) {
            HttpResponse<String> ok = post(server, "http://anything.example");
            assertEquals(200, ok.statusCode());
            assertEquals(Optional.of("http://anything.example"), ok.headers().firstValue("Access-Control-Allow-Origin"));
            assertEquals(204, preflight(server, "null").statusCode());
        }
        try (JsonRpcServer server = server(List.of("all"))) {
            assertEquals(200, post(server, "http://other.example").statusCode());
        }
    }

    @Test
    void badCorsConfigurationIsRefusedWithBesuMessages() {
        assertEquals("rpc-http-cors-origins: Values '*' or 'all' can't be used with other domains", assertThrows(
                IllegalArgumentException.class, () -> CorsPolicy.normalise(List.of("*", "http://a.example"))).getMessage());
        assertEquals("rpc-http-cors-origins: Value 'none' can't be used with other domains", assertThrows(
                IllegalArgumentException.class, () -> CorsPolicy.normalise(List.of("none", "http://a.example"))).getMessage());
        assertEquals("rpc-http-cors-origins: Domain values result in invalid regex pattern", assertThrows(
                IllegalArgumentException.class, () -> CorsPolicy.normalise(List.of("http://(a.example"))).getMessage());
        assertEquals("rpc-http-cors-origins: Domain cannot be empty string or null string.", assertThrows(
                IllegalArgumentException.class, () -> CorsPolicy.normalise(List.of(""))).getMessage());
        assertEquals(List.of("http://a.example", "http://b.example"), CorsPolicy.normalise(List.of("http://a.example, http://b.example")));
        assertFalse(CorsPolicy.of(CorsPolicy.normalise(List.of("none"))).allows("http://a.example"));
    }
}
