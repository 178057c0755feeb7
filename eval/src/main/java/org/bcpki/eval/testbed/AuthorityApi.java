package org.bcpki.eval.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.bcpki.authority.RequestSignature;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;

/** A caller of one authority service's HTTP API, signing every POST as registrar or operator. */
final class AuthorityApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String keyId;
    private final KeyAlgorithm algorithm;
    private final KeyPair key;
    private final SecureRandom random = new SecureRandom();

    record Reply(int status, JsonNode body, int bytes) {}

    AuthorityApi(String baseUrl, String keyId, KeyAlgorithm algorithm, KeyPair key) {
        this.baseUrl = baseUrl;
        this.keyId = keyId;
        this.algorithm = algorithm;
        this.key = key;
    }

    Reply post(String path, ObjectNode body) throws IOException, InterruptedException {
        return postBytes(path, body == null ? new byte[0] : JSON.writeValueAsBytes(body));
    }

    /** A POST of a document as it is (a release bundle must reach the authority byte for byte). */
    Reply postBytes(String path, byte[] bytes) throws IOException, InterruptedException {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        Map<String, String> headers = RequestSignature.headers(SignatureSuite.of(algorithm), key.getPrivate(), keyId,
                "POST", path, bytes, System.currentTimeMillis() / 1000, HexFormat.of().formatHex(nonce));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(request::header);
        return send(request.build(), bytes.length);
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20)).GET().build(), 0);
    }

    private static Reply send(HttpRequest request, int sent) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Reply(response.statusCode(), body, sent + response.body().length);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
