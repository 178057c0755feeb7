package org.bcpki.eval.testbed;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The untrusted place firmware images are fetched from: a plain HTTP server on loopback, as a
 * manufacturer's download site or a CDN. Nothing it serves is trusted; the gateway's installer
 * checks every byte against the chain.
 */
public final class FirmwareServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpServer server;
    private final Map<String, byte[]> images = new ConcurrentHashMap<>();

    private FirmwareServer(HttpServer server) {
        this.server = server;
    }

    public static FirmwareServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FirmwareServer firmware = new FirmwareServer(http);
        http.createContext("/firmware/", exchange -> {
            byte[] image = firmware.images.get(exchange.getRequestURI().getPath());
            try (exchange) {
                if (image == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, image.length);
                exchange.getResponseBody().write(image);
            }
        });
        http.start();
        return firmware;
    }

    /** Serves {@code image} under {@code name}; returns its URL. */
    public String publish(String name, byte[] image) {
        String path = "/firmware/" + name;
        images.put(path, image.clone());
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + path;
    }

    /** The gateway's download: at most {@code maxBytes} + 1 bytes from {@code url} into {@code file}; returns the bytes read. */
    public static long fetch(String url, Path file, long maxBytes) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("GET " + url + ": HTTP " + response.statusCode());
            }
            // One byte more than allowed is enough for the installer to refuse an oversized image.
            byte[] image = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            Files.write(file, image);
            return image.length;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
