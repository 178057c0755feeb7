package org.bcpki.chain.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over any transport: single and batch requests, Besu-shaped errors. A failing
 * method never affects other requests or the node.
 */
public final class JsonRpcDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcDispatcher.class);
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final int MAX_BATCH = 1024;

    private final Map<String, RpcMethod> methods = new ConcurrentHashMap<>();

    public JsonRpcDispatcher register(String name, RpcMethod method) {
        methods.put(name, method);
        return this;
    }

    /** Handles one HTTP body or WebSocket frame; returns the response text (null for notifications only). */
    public String handle(String body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return write(error(null, RpcException.parseError()));
        }
        if (request == null || request.isMissingNode()) {
            return write(error(null, RpcException.parseError()));
        }
        if (request.isArray()) {
            if (request.isEmpty()) {
                return write(error(null, RpcException.invalidRequest()));
            }
            if (request.size() > MAX_BATCH) {
                return write(error(null, RpcException.batchTooLarge()));
            }
            ArrayNode responses = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : request) {
                ObjectNode response = handleOne(item);
                if (response != null) {
                    responses.add(response);
                }
            }
            return responses.isEmpty() ? null : write(responses);
        }
        ObjectNode response = handleOne(request);
        return response == null ? null : write(response);
    }

    /** Handles one request object; null for a notification (no id). */
    public ObjectNode handleOne(JsonNode request) {
        if (!request.isObject() || !request.path("method").isTextual()
                || (request.has("jsonrpc") && !"2.0".equals(request.get("jsonrpc").asText()))) {
            return error(request.isObject() ? request.get("id") : null, RpcException.invalidRequest());
        }
        JsonNode id = request.get("id");
        JsonNode params = request.get("params");
        if (params != null && !params.isNull() && !params.isArray()) {
            return error(id, RpcException.invalidParams("Invalid params"));
        }
        RpcMethod method = methods.get(request.get("method").textValue());
        if (method == null) {
            return error(id, RpcException.methodNotFound());
        }
        try {
            Object result = method.handle(new Params(params));
            if (id == null) {
                return null;
            }
            ObjectNode response = envelope(id);
            response.set("result", JSON.valueToTree(result));
            return response;
        } catch (RpcException e) {
            return error(id, e);
        } catch (RuntimeException e) {
            LOG.warn("JSON-RPC method {} failed", request.get("method").textValue(), e);
            return error(id, RpcException.internal());
        }
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
