package org.bcpki.authority;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback JSON-RPC proxy in front of a node that answers the next {@code refusals}
 * eth_sendRawTransaction calls the way Besu does when its pool is full
 * ({@code -32000 "Transaction pool is full"}), and forwards everything else unchanged.
 */
final class RefusingRpcProxy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger refusalsLeft = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    RefusingRpcProxy(String nodeUrl) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer;
            int status = 200;
            JsonNode call = JSON.readTree(body);
            if (call.path("method").asText().equals("eth_sendRawTransaction") && refusalsLeft.getAndDecrement() > 0) {
                refused.incrementAndGet();
                var error = JSON.createObjectNode().put("jsonrpc", "2.0");
                error.set("id", call.get("id"));
                error.putObject("error").put("code", -32000).put("message", "Transaction pool is full");
                answer = JSON.writeValueAsBytes(error);
            } else {
                try {
                    HttpResponse<byte[]> forwarded = http.send(HttpRequest.newBuilder(URI.create(nodeUrl))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    status = forwarded.statusCode();
                    answer = forwarded.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Refuses the next {@code count} transactions sent through the proxy. */
    void refuseNext(int count) {
        refusalsLeft.set(count);
    }

    int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
