package org.bcpki.contracts.evm;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Serves an {@link EvmJsonRpc} over HTTP on 127.0.0.1 (an OS-chosen port), for --rpc URL tests. */
public final class EvmRpcServer implements AutoCloseable {
    private final HttpServer server;

    private EvmRpcServer(HttpServer server) {
        this.server = server;
    }

    public static EvmRpcServer start(EvmJsonRpc rpc) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] response = rpc.handle(request).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, response.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        });
        server.start();
        return new EvmRpcServer(server);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
