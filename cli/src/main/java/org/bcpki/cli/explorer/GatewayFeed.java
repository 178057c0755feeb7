package org.bcpki.cli.explorer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Reads one gateway's status endpoint ({@code GET /status}: counters of accepted and rejected
 * readings by reason, WAN requests allowed and refused, the last block its light client verified).
 * The gateway's listener is HTTPS with a self-signed certificate, trusted when given.
 */
final class GatewayFeed {
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient http;
    private final Duration timeout;

    GatewayFeed(URI url, SSLContext trust, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        if (trust != null) {
            builder.sslContext(trust);
        }
        this.http = builder.build();
    }

    /** The status now, or the reason it could not be read; never throws. */
    Views.Gateway read() {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return failed("answered HTTP " + response.statusCode());
            }
            if (response.body().length > MAX_BODY_BYTES) {
                return failed("answered " + response.body().length + " bytes, more than a status holds");
            }
            Object parsed = JSON.readValue(response.body(), Object.class);
            if (!(parsed instanceof Map<?, ?> map)) {
                return failed("answered JSON that is not an object");
            }
            Map<String, Object> status = new LinkedHashMap<>();
            map.forEach((k, v) -> status.put(String.valueOf(k), v));
            return new Views.Gateway(url.toString(), status, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted");
        } catch (IOException e) {
            return failed("is not reachable: " + ChainModel.message(e));
        }
    }

    private Views.Gateway failed(String why) {
        return new Views.Gateway(url.toString(), null, "the gateway at " + url + " " + why);
    }
}
