package org.bcpki.chain.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A minimal JSON-RPC client for tooling (status, bench); applications use web3j. */
public final class RpcClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;
    private final String token;

    public RpcClient(String url) {
        this(url, null);
    }

    /** A client that sends {@code token} (from {@link RpcTokens}) as a bearer token; null for none. */
    public RpcClient(String url, String token) {
        this.uri = URI.create(url);
        this.token = token;
    }

    /** Calls {@code method}; returns the result, or throws IOException with the JSON-RPC error. */
    public JsonNode call(String method, Object... params) throws IOException {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", List.of(params)));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        try {
            JsonNode response = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            if (response.has("error")) {
                throw new IOException(method + " failed: " + response.get("error"));
            }
            return response.get("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public static long quantity(JsonNode hex) {
        return Long.parseLong(hex.asText().substring(2), 16);
    }

    @Override
    public void close() {
        http.close();
    }
}
