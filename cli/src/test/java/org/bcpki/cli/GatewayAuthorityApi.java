package org.bcpki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.bcpki.authority.RequestSignature;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;

/**
 * A registrar's or operator's side of an authority service's HTTP API (authority-nodes), for the
 * gateway's end-to-end test: signed POSTs, challenges, grant requests with a proof of possession,
 * revocations, and waiting for their on-chain state.
 */
record GatewayAuthorityApi(String baseUrl, String keyId, KeyAlgorithm callerAlgorithm, KeyPair callerKey) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    JsonNode post(String path, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        RequestSignature.headers(SignatureSuite.of(callerAlgorithm), callerKey.getPrivate(), keyId, "POST", path, body,
                Instant.now().getEpochSecond(), UUID.randomUUID().toString().replace("-", "")).forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("POST " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return Output.mapper().readTree(response.body());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return Output.mapper().readTree(response.body());
    }

    /** Submits a grant request for the device key {@code device}; returns the registry's request id. */
    String requestGrant(String identity, Role role, KeyAlgorithm algorithm, KeyPair device, long notBefore, long notAfter)
            throws Exception {
        String challenge = post("/v1/challenges", new byte[0]).get("challenge").asText();
        SignatureSuite suite = SignatureSuite.of(algorithm);
        byte[] pop = suite.sign(device.getPrivate(),
                RequestSignature.proofOfPossessionBytes(challenge, SubjectId.parse(identity).toHex()));
        ObjectNode body = Output.mapper().createObjectNode().put("subject", identity).put("role", role.name())
                .put("algorithm", algorithm.displayName())
                .put("publicKey", Base64.getEncoder().encodeToString(suite.encodePublicKey(device.getPublic())))
                .put("challenge", challenge).put("proofOfPossession", Base64.getEncoder().encodeToString(pop))
                .put("notBefore", notBefore).put("notAfter", notAfter);
        return post("/v1/grant-requests", Output.mapper().writeValueAsBytes(body)).get("id").asText();
    }

    /** Asks for a revocation; returns the service's revocation id. */
    long revoke(String identity, String reason) throws Exception {
        ObjectNode body = Output.mapper().createObjectNode().put("subject", identity).put("reason", reason);
        return post("/v1/revocations", Output.mapper().writeValueAsBytes(body)).get("id").asLong();
    }

    /** Polls {@code path} until its {@code state} is {@code wanted}; fails on FAILED/CLOSED or timeout. */
    JsonNode awaitState(String path, String wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode node = get(path);
            String state = node.path("state").asText();
            if (state.equals(wanted)) {
                return node;
            }
            if (state.equals("FAILED") || state.equals("CLOSED") || System.nanoTime() > deadline) {
                throw new AssertionError(path + " did not reach " + wanted + ": " + node);
            }
            Thread.sleep(200);
        }
    }
}
