package org.bcpki.chain.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over any transport: single and batch requests, Besu-shaped errors. A method is
 * served only when its API is enabled ({@code rpc-http-api}: else "Method not enabled") and, with
 * authentication on, when it is in {@code rpc-http-api-methods-no-auth} or the caller's token
 * permits it (else "Unauthorized"). Batches are capped in size, in the EVM gas their calls run
 * and in response bytes. A failing method never affects other requests or the node.
 */
public final class JsonRpcDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcDispatcher.class);
    public static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, RpcMethod> methods = new ConcurrentHashMap<>();
    private final RpcOptions options;
    private volatile CallObserver observer = (method, nanos) -> { };

    /** Told of every call of a registered method (each item of a batch on its own), e.g. for metrics. */
    public interface CallObserver {
        void called(String method, long nanos);
    }

    public JsonRpcDispatcher(RpcOptions options) {
        this.options = options;
    }

    public void observe(CallObserver observer) {
        this.observer = observer;
    }

    public RpcOptions options() {
        return options;
    }

    public JsonRpcDispatcher register(String name, RpcMethod method) {
        methods.put(name, method);
        return this;
    }

    /** A response body (null for notifications only) and its HTTP status: 401 for a single unauthorized call, as Besu answers. */
    public record Reply(String body, int status) {}

    /**
     * Handles one HTTP body or WebSocket frame for a caller whose valid token carries
     * {@code permissions} (empty: no token, or one that failed verification).
     */
    public Reply handle(String body, Optional<Set<String>> permissions) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return new Reply(write(error(null, RpcException.parseError())), 200);
        }
        if (request == null || request.isMissingNode()) {
            return new Reply(write(error(null, RpcException.parseError())), 200);
        }
        RequestMeter meter = new RequestMeter();
        if (!request.isArray()) {
            ObjectNode response = handleOne(request, permissions, meter);
            if (response == null) {
                return new Reply(null, 200);
            }
            String text = write(response);
            if (utf8Length(text) > options.maxResponseBytes()) {
                text = write(error(request.get("id"), RpcException.responseTooLarge(options.maxResponseBytes())));
            }
            int code = response.path("error").path("code").asInt();
            return new Reply(text, code == RpcException.UNAUTHORIZED_CODE ? 401 : 200);
        }
        if (request.isEmpty()) {
            return new Reply(write(error(null, RpcException.invalidRequest())), 200);
        }
        if (request.size() > options.maxBatchSize()) {
            return new Reply(write(error(null, RpcException.batchTooLarge())), 200);
        }
        List<String> responses = new ArrayList<>();
        long bytes = 2;
        boolean full = false;
        for (JsonNode item : request) {
            JsonNode id = item.isObject() ? item.get("id") : null;
            // once the response is full the remaining calls are not run at all
            ObjectNode response = full ? error(id, RpcException.responseTooLarge(options.maxResponseBytes()))
                    : handleOne(item, permissions, meter);
            if (response == null) {
                continue;
            }
            String text = write(response);
            if (!full && bytes + utf8Length(text) + 1 > options.maxResponseBytes()) {
                full = true;
                text = write(error(id, RpcException.responseTooLarge(options.maxResponseBytes())));
            }
            bytes += utf8Length(text) + 1;
            responses.add(text);
        }
        return new Reply(responses.isEmpty() ? null : "[" + String.join(",", responses) + "]", 200);
    }

    /** Why {@code method} is refused to this caller (not enabled, unauthorized), or empty when it may run. */
    public Optional<RpcException> refusal(String method, Optional<Set<String>> permissions) {
        if (!options.apiEnabled(method)) {
            return Optional.of(RpcException.methodNotEnabled());
        }
        if (options.authenticationEnabled() && !options.methodsNoAuth().contains(method)
                && !permissions.map(p -> RpcAuthentication.permits(p, method)).orElse(false)) {
            return Optional.of(RpcException.unauthorized());
        }
        return Optional.empty();
    }

    /** Handles one request object; null for a notification (no id). */
    private ObjectNode handleOne(JsonNode request, Optional<Set<String>> permissions, RequestMeter meter) {
        if (!request.isObject() || !request.path("method").isTextual()
                || (request.has("jsonrpc") && !"2.0".equals(request.get("jsonrpc").asText()))) {
            return error(request.isObject() ? request.get("id") : null, RpcException.invalidRequest());
        }
        JsonNode id = request.get("id");
        JsonNode params = request.get("params");
        if (params != null && !params.isNull() && !params.isArray()) {
            return error(id, RpcException.invalidParams("Invalid params"));
        }
        String name = request.get("method").textValue();
        RpcMethod method = methods.get(name);
        if (method == null) {
            return error(id, RpcException.methodNotFound());
        }
        Optional<RpcException> refused = refusal(name, permissions);
        if (refused.isPresent()) {
            return error(id, refused.get());
        }
        long started = System.nanoTime();
        try {
            Object result = method.handle(new Params(params, meter));
            if (id == null) {
                return null;
            }
            ObjectNode response = envelope(id);
            response.set("result", JSON.valueToTree(result));
            return response;
        } catch (RpcException e) {
            return error(id, e);
        } catch (RuntimeException e) {
            LOG.warn("JSON-RPC method {} failed", name, e);
            return error(id, RpcException.internal());
        } finally {
            observer.called(name, System.nanoTime() - started);
        }
    }

    private static long utf8Length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    public static ObjectNode error(JsonNode id, RpcException e) {
        ObjectNode response = envelope(id);
        ObjectNode error = response.putObject("error");
        error.put("code", e.code());
        error.put("message", e.getMessage());
        if (e.data() != null) {
            error.put("data", e.data());
        }
        return response;
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        return response;
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
