package org.bcpki.mirror.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonValue;

/**
 * A JSON-RPC endpoint on loopback for tests: methods answer from Java functions, and a mutator may
 * rewrite each result (a hostile mirror node) or the raw response text (a broken one).
 */
public final class FakeRpcServer implements AutoCloseable {
    /** Rewrites a method's result before it is sent; identity for an honest node. */
    @FunctionalInterface
    public interface ResultMutator {
        JsonValue mutate(String method, JsonValue.JsonArray params, JsonValue result);
    }

    private final HttpServer server;
    private final Map<String, Function<JsonValue.JsonArray, JsonValue>> methods = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile ResultMutator mutator = (method, params, result) -> result;
    private volatile UnaryOperator<String> rawMutator = UnaryOperator.identity();
    private volatile long delayMillis;
    private volatile boolean gzip;
    private volatile boolean batches = true;

    static {
        // Without it the JDK server's two writes (headers, body) meet delayed ACKs: 40 ms per answer.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public FakeRpcServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public FakeRpcServer method(String name, Function<JsonValue.JsonArray, JsonValue> answer) {
        methods.put(name, answer);
        return this;
    }

    public void mutator(ResultMutator mutator) {
        this.mutator = mutator;
    }

    public void rawMutator(UnaryOperator<String> rawMutator) {
        this.rawMutator = rawMutator;
    }

    public void delayMillis(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    /** Compress answers when the client accepts gzip (as geth and Vert.x-based nodes can). */
    public void gzip(boolean enabled) {
        this.gzip = enabled;
    }

    public int requests() {
        return requests.get();
    }

    /** Answer JSON-RPC batches (arrays of requests); when off, a batch gets a single error object. */
    public void batches(boolean enabled) {
        this.batches = enabled;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonValue request = Json.parse(body);
            JsonValue response;
            if (request instanceof JsonValue.JsonArray batch) {
                if (batches) {
                    java.util.List<JsonValue> answers = new java.util.ArrayList<>();
                    for (JsonValue element : batch.elements()) {
                        answers.add(answer(element.asObject("request")));
                    }
                    response = new JsonValue.JsonArray(answers);
                } else {
                    response = JsonValue.JsonObject.builder().put("jsonrpc", "2.0").put("id", JsonValue.JsonNull.INSTANCE)
                            .put("error", JsonValue.JsonObject.builder().put("code", -32600)
                                    .put("message", "batches are not supported").build()).build();
                }
            } else {
                response = answer(request.asObject("request"));
            }
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            byte[] bytes = rawMutator.apply(Json.write(response)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            if (gzip && accepted != null && accepted.contains("gzip")) {
                java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
                try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(buffer)) {
                    zip.write(bytes);
                }
                bytes = buffer.toByteArray();
                exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            }
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private JsonValue answer(JsonValue.JsonObject request) {
        JsonValue id = request.get("id");
        String method = request.string("method");
        JsonValue.JsonArray params = request.array("params");
        JsonValue.JsonObject.Builder response = JsonValue.JsonObject.builder().put("jsonrpc", "2.0").put("id", id);
        Function<JsonValue.JsonArray, JsonValue> answer = methods.get(method);
        if (answer == null) {
            return response.put("error", JsonValue.JsonObject.builder().put("code", -32601)
                    .put("message", "Method not found").build()).build();
        }
        try {
            return response.put("result", mutator.mutate(method, params, answer.apply(params))).build();
        } catch (UnsupportedOperationException e) {
            return response.put("error", JsonValue.JsonObject.builder().put("code", -32601)
                    .put("message", "Method not enabled").build()).build();
        } catch (RuntimeException e) {
            return response.put("error", JsonValue.JsonObject.builder().put("code", -32000)
                    .put("message", String.valueOf(e.getMessage())).build()).build();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
