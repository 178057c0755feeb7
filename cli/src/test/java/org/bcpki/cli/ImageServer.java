package org.bcpki.cli;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The untrusted place a bundle's uri points to, on 127.0.0.1: what it answers is switched by the test
 * (the image, other bytes, an endless body, 404), so one signed bundle meets every behaviour.
 */
final class ImageServer implements AutoCloseable {
    /** Far beyond any test image: an endless answer that reaches it was never cut off. */
    static final long ENDLESS_LIMIT = 1L << 32;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicReference<HttpHandler> behaviour = new AtomicReference<>(notFound());
    final AtomicLong endlessWritten = new AtomicLong();
    /** Requests received, whatever was answered. */
    final AtomicLong requests = new AtomicLong();
    private volatile CountDownLatch endlessEnded = new CountDownLatch(1);

    private ImageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            behaviour.get().handle(exchange);
        });
        server.setExecutor(executor);
        server.start();
    }

    static ImageServer start() throws IOException {
        return new ImageServer();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void serve(byte[] body) {
        behaviour.set(exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    void serveNotFound() {
        behaviour.set(notFound());
    }

    /** A chunked answer that never ends by itself: only the client closing the connection stops it. */
    void serveEndless() {
        endlessWritten.set(0);
        endlessEnded = new CountDownLatch(1);
        CountDownLatch ended = endlessEnded;
        behaviour.set(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (endlessWritten.get() < ENDLESS_LIMIT) {
                    out.write(chunk);
                    endlessWritten.addAndGet(chunk.length);
                }
            } catch (IOException closedByTheGateway) {
                // the gateway stopped reading and closed the connection
            } finally {
                ended.countDown();
            }
        });
    }

    /** Whether the endless answer ended (the client hung up) within {@code seconds}. */
    boolean endlessEnded(long seconds) throws InterruptedException {
        return endlessEnded.await(seconds, TimeUnit.SECONDS);
    }

    private static HttpHandler notFound() {
        return exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        };
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
