package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.bcpki.chain.exec.Log;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC over HTTP (POST /) and WebSocket (same port, path /) with eth_subscribe. Requests
 * larger than {@link #MAX_BODY} bytes are refused with HTTP 413; a Host header outside
 * {@code host-allowlist} with Besu's HTTP 403 and JSON body (the WebSocket upgrade too); the bearer token of the
 * HTTP request (or of the WebSocket upgrade) decides what the caller may call.
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
    private final Optional<RpcAuthentication> authentication;
    /** Each WebSocket session's Authorization header, verified again for every frame (tokens expire). */
    private final Map<String, String> sessionAuthorization = new ConcurrentHashMap<>();
    private final Javalin app;

    /** @param authentication the token verifier when rpc-http-authentication-enabled */
    public JsonRpcServer(JsonRpcDispatcher dispatcher, Subscriptions subscriptions, LogFilterFactory logFilters,
            Optional<RpcAuthentication> authentication) {
        this(dispatcher, subscriptions, logFilters, authentication, Optional.empty());
    }

    /** @param node what /readiness looks at (peers, sync); empty: always ready */
    public JsonRpcServer(JsonRpcDispatcher dispatcher, Subscriptions subscriptions, LogFilterFactory logFilters,
            Optional<RpcAuthentication> authentication, Optional<org.bcpki.chain.node.NodeServices> node) {
        this.dispatcher = dispatcher;
        this.subscriptions = subscriptions;
        this.logFilters = logFilters;
        this.authentication = authentication;
        RpcOptions options = dispatcher.options();
        this.app = Javalin.create(cfg -> {
            cfg.http.maxRequestSize = MAX_BODY;
            cfg.startup.showJavalinBanner = false;
            cfg.routes.before(ctx -> refuseUnknownHost(ctx, options));
            cfg.routes.wsBeforeUpgrade(ctx -> {
                if (!options.hostAllowed(hostName(ctx.header("Host")))) {
                    // an upgrade's context has no result body: write the refusal to the response itself, without
                    // the session cookie Javalin's upgrade handling has already set
                    byte[] body = HOST_NOT_AUTHORIZED.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    ctx.res().setHeader("Set-Cookie", null);
                    ctx.res().setHeader("Expires", null);
                    ctx.res().setStatus(403);
                    ctx.res().setContentType("application/json; charset=utf-8");
                    ctx.res().setContentLength(body.length);
                    ctx.res().getOutputStream().write(body);
                    ctx.res().flushBuffer();
                    ctx.skipRemainingHandlers();
                }
            });
            cfg.routes.before(options.cors()::handle);
            HealthEndpoints.register(cfg.routes, node);
            cfg.routes.post("/", ctx -> {
                JsonRpcDispatcher.Reply reply = dispatcher.handle(ctx.body(), permissions(ctx.header("Authorization")));
                ctx.status(reply.status()).contentType(ContentType.APPLICATION_JSON).result(reply.body() == null ? "" : reply.body());
            });
            cfg.routes.ws("/", ws -> {
                ws.onConnect(ctx -> {
                    String authorization = ctx.header("Authorization");
                    if (authorization != null) {
                        sessionAuthorization.put(ctx.sessionId(), authorization);
                    }
                    ctx.session.setIdleTimeout(java.time.Duration.ofHours(1));
                });
                ws.onMessage(ctx -> onMessage(ctx, ctx.message()));
                ws.onClose(ctx -> closeSession(ctx.sessionId()));
                ws.onError(ctx -> closeSession(ctx.sessionId()));
            });
        });
    }

    /** Besu's answer to a Host header outside host-allowlist, for HTTP requests and WebSocket upgrades alike. */
    static final String HOST_NOT_AUTHORIZED = "{\"message\":\"Host not authorized.\"}";

    private static void refuseUnknownHost(Context ctx, RpcOptions options) {
        if (!options.hostAllowed(hostName(ctx.header("Host")))) {
            ctx.status(403).contentType("application/json; charset=utf-8").result(HOST_NOT_AUTHORIZED);
            ctx.skipRemainingHandlers();
        }
    }

    private void closeSession(String sessionId) {
        sessionAuthorization.remove(sessionId);
        subscriptions.closeSession(sessionId);
    }

    private Optional<Set<String>> permissions(String authorization) {
        return authentication.flatMap(a -> a.permissions(authorization));
    }

    /** The host name of a Host header: without the port, IPv6 brackets removed; "" when absent. */
    static String hostName(String header) {
        if (header == null) {
            return "";
        }
        String host = header.trim();
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(1, end) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon >= 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
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
        Optional<Set<String>> permissions = permissions(sessionAuthorization.get(ctx.sessionId()));
        if (method.equals("eth_subscribe") || method.equals("eth_unsubscribe")) {
            Optional<RpcException> refused = dispatcher.refusal(method, permissions);
            ctx.send(JsonRpcDispatcher.write(refused.isPresent() ? JsonRpcDispatcher.error(request.get("id"), refused.get())
                    : subscription(ctx, request, method)));
            return;
        }
        String response = dispatcher.handle(text, permissions).body();
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
                    case "newHeads", "newPendingTransactions", "syncing" -> log -> true;
                    case "logs" -> logFilters.create(params.optional(1).orElse(null));
                    default -> throw RpcException.invalidParams("Invalid subscription params");
                };
                result = subscriptions.subscribe(ctx.sessionId(), type, filter, includeTransactions(params), message -> {
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

    /** Besu's optional {@code {"includeTransactions": true}} subscription parameter. */
    private static boolean includeTransactions(Params params) throws RpcException {
        JsonNode option = params.optional(1).orElse(null);
        if (option == null || !option.isObject() || !option.has("includeTransactions")) {
            return false;
        }
        if (!option.get("includeTransactions").isBoolean()) {
            throw RpcException.invalidParams("Invalid subscription params");
        }
        return option.get("includeTransactions").booleanValue();
    }

    @Override
    public void close() {
        app.stop();
    }
}
