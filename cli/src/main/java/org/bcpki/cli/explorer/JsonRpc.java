package org.bcpki.cli.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plain JSON-RPC over HTTP for the few raw reads the explorer needs (blocks with their extraData,
 * validators): the node's answer is untrusted, so every field is parsed strictly by the caller.
 */
final class JsonRpc {
    /** Enough for a block header with a large validator set; a larger answer is refused. */
    private static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient http;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();

    JsonRpc(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    URI url() {
        return url;
    }

    /** The result of {@code method}; IOException when the node is unreachable, RpcError when it answers an error. */
    JsonNode call(String method, Object... params) throws IOException {
        ArrayNode array = JSON.createArrayNode();
        for (Object p : params) {
            array.addPOJO(p);
        }
        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().put("jsonrpc", "2.0")
                .put("id", ids.incrementAndGet()).put("method", method).set("params", array));
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.body().length > MAX_RESPONSE_BYTES) {
            throw new IOException(method + ": answer of " + response.body().length + " bytes is too large");
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException(method + ": HTTP " + response.statusCode() + " with a body that is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IOException(method + ": HTTP " + response.statusCode() + " without a JSON-RPC answer");
        }
        if (root.has("error")) {
            throw new RpcError(method + ": " + root.path("error").path("message").asText("error")
                    + " (code " + root.path("error").path("code").asText("?") + ")");
        }
        return root.path("result");
    }

    /** The node answered with a JSON-RPC error (for example: method not served). */
    static final class RpcError extends IOException {
        RpcError(String message) {
            super(message);
        }
    }
}
