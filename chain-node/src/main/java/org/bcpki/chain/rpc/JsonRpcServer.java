package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.websocket.WsContext;
import java.util.function.Predicate;
import org.bcpki.chain.exec.Log;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC over HTTP (POST /) and WebSocket (same port, path /) with eth_subscribe. Requests
 * larger than {@link #MAX_BODY} bytes are refused with HTTP 413.
 */
public final class JsonRpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcServer.class);
    public static final long MAX_BODY = 5L * 1024 * 1024;

    /** Builds the log filter of a "logs" subscription from its JSON params. */
    public interface LogFilterFactory {
        Predicate<Log> create(JsonNode filter) throws RpcException;
    }

    private final JsonRpcDispatcher dispatcher;
    private final Subscriptions subscriptions;
    private final LogFilterFactory logFilters;
    private final Javalin app;

    public JsonRpcServer(JsonRpcDispatcher dispatcher, Subscriptions subscriptions, LogFilterFactory logFilters) {
        this.dispatcher = dispatcher;
        this.subscriptions = subscriptions;
        this.logFilters = logFilters;
        this.app = Javalin.create(cfg -> {
            cfg.http.maxRequestSize = MAX_BODY;
            cfg.startup.showJavalinBanner = false;
            cfg.routes.post("/", ctx -> {
                String response = dispatcher.handle(ctx.body());
                ctx.contentType(ContentType.APPLICATION_JSON).result(response == null ? "" : response);
            });
            cfg.routes.ws("/", ws -> {
                ws.onConnect(ctx -> ctx.session.setIdleTimeout(java.time.Duration.ofHours(1)));
                ws.onMessage(ctx -> onMessage(ctx, ctx.message()));
                ws.onClose(ctx -> subscriptions.closeSession(ctx.sessionId()));
                ws.onError(ctx -> subscriptions.closeSession(ctx.sessionId()));
            });
        });
    }

    public JsonRpcServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    private void onMessage(WsContext ctx, String text) {
        JsonNode request;
        try {
            request = JsonRpcDispatcher.JSON.readTree(text);
        } catch (Exception e) {
            ctx.send(JsonRpcDispatcher.write(JsonRpcDispatcher.error(null, RpcException.parseError())));
            return;
        }
        String method = request != null ? request.path("method").asText("") : "";
        if (method.equals("eth_subscribe") || method.equals("eth_unsubscribe")) {
            ctx.send(JsonRpcDispatcher.write(subscription(ctx, request, method)));
            return;
        }
        String response = dispatcher.handle(text);
        if (response != null) {
            ctx.send(response);
        }
    }

    private ObjectNode subscription(WsContext ctx, JsonNode request, String method) {
        JsonNode id = request.get("id");
        Params params = new Params(request.get("params"));
        try {
            Object result;
            if (method.equals("eth_unsubscribe")) {
                result = subscriptions.unsubscribe(ctx.sessionId(), params.required(0, "subscription").asText());
            } else {
                String type = params.required(0, "subscription").asText();
                Predicate<Log> filter = switch (type) {
                    case "newHeads" -> log -> true;
                    case "logs" -> logFilters.create(params.optional(1).orElse(null));
                    default -> throw RpcException.invalidParams("Invalid subscription params");
                };
                result = subscriptions.subscribe(ctx.sessionId(), type, filter, message -> {
                    synchronized (ctx) {
                        ctx.send(message);
                    }
                });
            }
            ObjectNode response = JsonRpcDispatcher.JSON.createObjectNode();
            response.put("jsonrpc", "2.0");
            response.set("id", id);
            response.set("result", JsonRpcDispatcher.JSON.valueToTree(result));
            return response;
        } catch (RpcException e) {
            return JsonRpcDispatcher.error(id, e);
        } catch (RuntimeException e) {
            LOG.warn("subscription request failed", e);
            return JsonRpcDispatcher.error(id, RpcException.internal());
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
