package org.bcpki.mirror.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonException;
import org.bcpki.core.json.JsonValue;

/**
 * One JSON-RPC 2.0 endpoint over the JDK's HTTP client. Every call has a deadline and a cap on the
 * response size (read no further than the cap, then give up), and the answer must be a well-formed
 * response to exactly this request. It counts the bytes it received, for the benchmarks.
 */
public final class JsonRpcClient {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    private final URI uri;
    private final HttpClient http;
    private final Duration timeout;
    private final int maxResponseBytes;
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong bytesReceived = new AtomicLong();
    /** Bytes on the wire of this thread's last answer (compressed when the endpoint gzips). */
    private final ThreadLocal<Integer> lastWireBytes = ThreadLocal.withInitial(() -> 0);

    public JsonRpcClient(URI uri, HttpClient http, Duration timeout, int maxResponseBytes) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("a JSON-RPC endpoint is an http(s) URL, got " + uri);
        }
        this.uri = uri;
        this.http = http;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    public static JsonRpcClient of(String url) {
        return new JsonRpcClient(URI.create(url.trim()), defaultHttpClient(), DEFAULT_TIMEOUT,
                DEFAULT_MAX_RESPONSE_BYTES);
    }

    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(DEFAULT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public URI uri() {
        return uri;
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** A call's result and the size of the HTTP body it came in (the bytes fetched, as sent). */
    public record Answer(JsonValue result, int responseBytes) {}

    /** The size of the HTTP body of this thread's last exchange with this endpoint (as sent). */
    public int lastResponseBytes() {
        return lastWireBytes.get();
    }

    /** Calls {@code method} and returns its {@code result} (which may be JSON null). */
    public JsonValue call(String method, List<JsonValue> params) throws RpcException {
        return callMeasured(method, params).result();
    }

    public Answer callMeasured(String method, List<JsonValue> params) throws RpcException {
        long id = nextId.getAndIncrement();
        String body = exchange(Json.write(request(id, method, params)), method);
        try {
            return new Answer(result(Json.parseObject(body, maxResponseBytes), id, method), lastWireBytes.get());
        } catch (JsonException e) {
            throw new RpcException(RpcException.Kind.MALFORMED, uri + ": " + method + " answer: " + e.getMessage());
        }
    }

    /**
     * One JSON-RPC batch: {@code method} once per parameter list, in one HTTP exchange. Returns the
     * results in request order; answers may come in any order but every id exactly once. Any error
     * in the batch fails it (the caller falls back to single calls or another endpoint).
     */
    public List<JsonValue> callBatch(String method, List<List<JsonValue>> paramsList) throws RpcException {
        if (paramsList.isEmpty()) {
            return List.of();
        }
        long firstId = nextId.getAndAdd(paramsList.size());
        List<JsonValue> requests = new java.util.ArrayList<>(paramsList.size());
        for (int i = 0; i < paramsList.size(); i++) {
            requests.add(request(firstId + i, method, paramsList.get(i)));
        }
        String body = exchange(Json.write(new JsonValue.JsonArray(requests)), method);
        try {
            JsonValue.JsonArray responses = Json.parse(body, maxResponseBytes).asArray("a batch answer");
            if (responses.size() != paramsList.size()) {
                throw new JsonException("batch of " + paramsList.size() + " answered with " + responses.size());
            }
            JsonValue[] results = new JsonValue[paramsList.size()];
            for (JsonValue element : responses.elements()) {
                JsonValue.JsonObject response = element.asObject("a batch element");
                long id = response.get("id").asNumber("id").longValue("id");
                // as a long: a huge id must not wrap around to an index (it did, to a negative one)
                long index = id - firstId;
                if (id < firstId || index >= results.length || results[(int) index] != null) {
                    throw new JsonException("batch answer id " + id + " was not asked for or came twice");
                }
                results[(int) index] = result(response, id, method);
            }
            return List.of(results);
        } catch (JsonException e) {
            throw new RpcException(RpcException.Kind.MALFORMED, uri + ": " + method + " batch answer: " + e.getMessage());
        }
    }

    private static JsonValue.JsonObject request(long id, String method, List<JsonValue> params) {
        return JsonValue.JsonObject.builder()
                .put("jsonrpc", "2.0")
                .put("id", id)
                .put("method", method)
                .put("params", new JsonValue.JsonArray(params))
                .build();
    }

    private String exchange(String requestBody, String method) throws RpcException {
        HttpRequest httpRequest = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody))
                .build();
        try {
            return send(httpRequest, method);
        } catch (RpcException e) {
            if (e.kind() != RpcException.Kind.TRANSPORT) {
                throw e;
            }
            // A kept-alive connection the server had closed fails before any byte arrives; reads are
            // idempotent, so one retry on a fresh connection is safe.
            return send(httpRequest, method);
        }
    }

    private String send(HttpRequest request, String method) throws RpcException {
        HttpResponse<byte[]> response;
        // The whole exchange, body included, must finish within the timeout: a slow drip is a failure.
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, info ->
                info.statusCode() == 200
                        ? new LimitedBodySubscriber(maxResponseBytes)
                        : HttpResponse.BodySubscribers.replacing(new byte[0]));
        try {
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new RpcException(RpcException.Kind.TIMEOUT, uri + ": " + method + " timed out after " + timeout);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new RpcException(RpcException.Kind.TRANSPORT, uri + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof LimitedBodySubscriber.TooLarge) && cause.getCause() != null
                    && !(cause instanceof HttpTimeoutException)) {
                cause = cause.getCause();
            }
            if (cause instanceof LimitedBodySubscriber.TooLarge) {
                bytesReceived.addAndGet(maxResponseBytes);
                throw new RpcException(RpcException.Kind.TOO_LARGE,
                        uri + ": " + method + " answer exceeds " + maxResponseBytes + " bytes");
            }
            if (cause instanceof HttpTimeoutException) {
                throw new RpcException(RpcException.Kind.TIMEOUT, uri + ": " + method + " timed out after " + timeout);
            }
            throw new RpcException(RpcException.Kind.TRANSPORT, uri + ": " + method + " failed: " + e.getCause(), e);
        }
        if (response.statusCode() == 401) {
            // Besu's answer to a method that needs a token it was not given (-40100 "Unauthorized"):
            // a refused method like any JSON-RPC error, so callers fall back to public ones
            throw new RpcException(RpcException.Kind.RPC_ERROR,
                    uri + ": " + method + " answered HTTP 401 Unauthorized (the method needs an RPC token)");
        }
        if (response.statusCode() != 200) {
            throw new RpcException(RpcException.Kind.HTTP_STATUS,
                    uri + ": " + method + " answered HTTP " + response.statusCode());
        }
        byte[] bytes = response.body();
        bytesReceived.addAndGet(bytes.length);
        lastWireBytes.set(bytes.length);
        if (response.headers().firstValue("Content-Encoding").map(e -> e.equalsIgnoreCase("gzip")).orElse(false)) {
            bytes = gunzip(bytes, method);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RpcException(RpcException.Kind.MALFORMED, uri + ": " + method + " answer is not UTF-8");
        }
    }

    /** Inflates a gzip body, refusing to expand past the response cap (a small bomb stays small). */
    private byte[] gunzip(byte[] compressed, String method) throws RpcException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            byte[] inflated = in.readNBytes(maxResponseBytes + 1);
            if (inflated.length > maxResponseBytes) {
                throw new RpcException(RpcException.Kind.TOO_LARGE,
                        uri + ": " + method + " answer inflates beyond " + maxResponseBytes + " bytes");
            }
            return inflated;
        } catch (IOException e) {
            throw new RpcException(RpcException.Kind.MALFORMED, uri + ": " + method + " answer is not valid gzip");
        }
    }

    /** The result of one response object, which must answer request {@code id}. */
    private JsonValue result(JsonValue.JsonObject response, long id, String method) throws RpcException {
        if (!"2.0".equals(response.optional("jsonrpc").map(v -> v.asString("jsonrpc")).orElse(null))) {
            throw new JsonException("not a JSON-RPC 2.0 response");
        }
        JsonValue responseId = response.get("id");
        // the id exactly as it was sent: 1.0 or 1e0 are other spellings no node produces
        if (!(responseId instanceof JsonValue.JsonNumber n) || !n.text().equals(Long.toString(id))) {
            throw new JsonException("response id " + shorten(Json.write(responseId)) + " does not match request id " + id);
        }
        if (response.has("error")) {
            JsonValue.JsonObject error = response.object("error");
            String message = error.optional("message").map(v -> v.asString("error.message")).orElse("(no message)");
            String code = error.optional("code").map(Json::write).orElse("?");
            throw new RpcException(RpcException.Kind.RPC_ERROR,
                    uri + ": " + method + " returned error " + shorten(code) + ": " + shorten(message));
        }
        return response.get("result");
    }

    /** Endpoint-supplied text in a message, cut short. */
    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "... (" + s.length() + " characters)";
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
