package org.bcpki.authority;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Map;
import java.util.UUID;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;

/** A caller of the service over real HTTP, signing its requests per {@link RequestSignature}. */
final class ApiClient {
    record Reply(int status, JsonNode body) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final java.util.function.LongSupplier now;

    ApiClient(int port, java.util.function.LongSupplier now) {
        this.base = "http://127.0.0.1:" + port;
        this.now = now;
    }

    Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    Reply postSigned(String path, byte[] body, String keyId, KeyAlgorithm algorithm, KeyPair key) throws Exception {
        return postSigned(path, body, keyId, algorithm, key, now.getAsLong(), nonce());
    }

    Reply postSigned(String path, byte[] body, String keyId, KeyAlgorithm algorithm, KeyPair key, long timestamp,
                     String nonce) throws Exception {
        Map<String, String> headers = RequestSignature.headers(SignatureSuite.of(algorithm), key.getPrivate(), keyId,
                "POST", path, body, timestamp, nonce);
        return post(path, body, headers);
    }

    Reply post(String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(request.build());
    }

    static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private Reply send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode body;
        try {
            body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (Exception e) {
            body = JSON.getNodeFactory().textNode(response.body());
        }
        return new Reply(response.statusCode(), body);
    }
}
