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

/** JSON-RPC over HTTP for the RPC tests: requests as the operator (a token with every permission) and checks of the answers. */
final class RpcCalls {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private RpcCalls() {}

    static HttpResponse<String> post(String url, String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One call; {@code paramsJson} is the params array as JSON text. */
    static JsonNode call(String url, String token, String method, String paramsJson) throws Exception {
        return JSON.readTree(post(url, token, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":"
                + paramsJson + "}").body());
    }

    /** The result of a response that must not be an error. */
    static JsonNode resultOf(JsonNode response, String request) {
        assertFalse(response.has("error"), () -> request + " -> " + response);
        return response.get("result");
    }

    static void assertError(int code, String message, JsonNode response) {
        assertTrue(response.has("error"), () -> "expected an error, got " + response);
        assertEquals(code, response.get("error").get("code").asInt(), response::toString);
        assertEquals(message, response.get("error").get("message").asText(), response::toString);
    }

    static void assertErrorContaining(int code, String messagePart, JsonNode response) {
        assertTrue(response.has("error"), () -> "expected an error, got " + response);
        assertEquals(code, response.get("error").get("code").asInt(), response::toString);
        assertTrue(response.get("error").get("message").asText().contains(messagePart), response::toString);
    }
}
