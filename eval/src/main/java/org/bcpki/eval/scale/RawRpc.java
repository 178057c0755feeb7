package org.bcpki.eval.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.tuweni.bytes.Bytes;

/**
 * JSON-RPC over HTTP that keeps the answer's exact bytes: what a light client receives is what the
 * proof-size metrics count (plain JSON, its gzip, and the RLP trie nodes inside).
 */
final class RawRpc {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI uri;
    private final HttpClient http;

    RawRpc(String url, HttpClient http) {
        this.uri = URI.create(url);
        this.http = http;
    }

    /** One answer: the parsed result and the HTTP body's size in bytes. */
    record Answer(JsonNode result, int bodyBytes, byte[] body) {}

    Answer call(String method, Object... params) throws IOException {
        byte[] request = JSON.writeValueAsBytes(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", List.of(params)));
        HttpRequest httpRequest = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(request)).build();
        byte[] body;
        try {
            HttpResponse<byte[]> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException(method + ": HTTP " + response.statusCode());
            }
            body = response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode node = JSON.readTree(body);
        if (node.has("error")) {
            throw new IOException(method + " failed: " + node.get("error"));
        }
        return new Answer(node.get("result"), body.length, body);
    }

    static int gzipSize(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.size();
    }

    /** Bytes of the RLP trie nodes of an eth_getProof answer: the account proof plus every storage proof. */
    static int proofNodeBytes(JsonNode proof) {
        int bytes = 0;
        for (JsonNode node : proof.get("accountProof")) {
            bytes += Bytes.fromHexString(node.asText()).size();
        }
        for (JsonNode storage : proof.get("storageProof")) {
            for (JsonNode node : storage.get("proof")) {
                bytes += Bytes.fromHexString(node.asText()).size();
            }
        }
        return bytes;
    }
}
