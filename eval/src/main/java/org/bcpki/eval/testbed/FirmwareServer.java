package org.bcpki.eval.testbed;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The untrusted place firmware images are fetched from: a plain HTTP server on loopback, as a
 * manufacturer's download site or a CDN. Nothing it serves is trusted; the gateway's installer
 * checks every byte against the chain.
 */
public final class FirmwareServer implements AutoCloseable {
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

    @Override
    public void close() {
        server.stop(0);
    }
}
