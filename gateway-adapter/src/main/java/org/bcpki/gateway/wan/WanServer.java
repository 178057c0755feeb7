package org.bcpki.gateway.wan;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.GatewayCounters;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.LogRecord;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The gateway's HTTPS listener (Javalin on Jetty, TLS with {@link SelfSignedTls}), on loopback:
 * <ul>
 *   <li>{@code GET /wan/v1/meters/{meterId}/readings?limit=N}: EMT requests, signed
 *       ({@link SignedRequest}), checked by {@link EmtRequestCheck}; every decision is logged.</li>
 *   <li>{@code GET /han/v1/readings}: the consumer's latest readings, read-only, bearer token.</li>
 *   <li>{@code GET /status}: counters, no personal data.</li>
 * </ul>
 */
public final class WanServer implements AutoCloseable {
    /** Request header limit: room for an ML-DSA-65 key, signature and a two-certificate ML-DSA chain. */
    public static final int MAX_HEADER_BYTES = 48 * 1024;

    private final Javalin app;
    private final ServerConnector connector;

    private WanServer(Javalin app, ServerConnector connector) {
        this.app = app;
        this.connector = connector;
    }

    public static WanServer start(String host, int port, SelfSignedTls tls, EmtRequestCheck emtCheck,
            GatewayStore store, GatewayCounters counters, String hanToken, Supplier<Object> status) {
        ServerConnector[] holder = new ServerConnector[1];
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.addConnector((server, httpConfig) -> {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStore(tls.keyStore());
                ssl.setKeyStorePassword(new String(tls.password()));
                HttpConfiguration https = new HttpConfiguration(httpConfig);
                // ML-DSA-65 key, signature and certificate chain in headers: about 20 KB, past Jetty's 8 KB default.
                https.setRequestHeaderSize(MAX_HEADER_BYTES);
                SecureRequestCustomizer secure = new SecureRequestCustomizer();
                secure.setSniHostCheck(false); // clients connect by IP address, without SNI
                https.addCustomizer(secure);
                ServerConnector connector = new ServerConnector(server,
                        new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
                connector.setHost(host);
                connector.setPort(port);
                holder[0] = connector;
                return connector;
            });
            config.routes.get("/status", ctx -> ctx.json(status.get()));
            config.routes.get("/han/v1/readings", ctx -> han(ctx, store, hanToken));
            config.routes.get("/wan/v1/meters/{meterId}/readings", ctx -> emt(ctx, emtCheck, store, counters));
        });
        app.start();
        // Javalin adds its own plain-HTTP connector when none is configured; ours must be the only one.
        for (var c : app.jettyServer().server().getConnectors()) {
            if (c != holder[0]) {
                app.stop();
                throw new IllegalStateException("unexpected plain connector on the gateway listener");
            }
        }
        return new WanServer(app, holder[0]);
    }

    public int port() {
        return connector.getLocalPort();
    }

    private static void emt(Context ctx, EmtRequestCheck check, GatewayStore store, GatewayCounters counters) {
        String meterId = ctx.pathParam("meterId");
        if (!SubjectId.isMeterId(meterId)) {
            ctx.status(400).json(Map.of("error", "not a meter ID: " + meterId));
            return;
        }
        EmtRequestCheck.Request request = new EmtRequestCheck.Request(ctx.method().name(), ctx.path(),
                ctx.queryString(), ctx.bodyAsBytes(), ctx::header);
        WanDecision decision = check.check(request, meterId, System.currentTimeMillis());
        String detail = ctx.method().name() + " " + ctx.path() + " meter " + meterId
                + (decision.detail().isEmpty() ? "" : ": " + decision.detail());
        if (!decision.allowed()) {
            counters.wanRefused(decision.reason());
            store.log(LogRecord.rejected("wan", decision.subject(), decision.reason(), decision.evidence(), detail));
            ctx.status(decision.httpStatus()).json(Map.of("error", decision.reason(), "detail", decision.detail()));
            return;
        }
        counters.wanAllowed();
        store.log(LogRecord.accepted("wan", decision.subject(), decision.evidence(), detail));
        int limit = parseLimit(ctx.queryParam("limit"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("meterId", meterId.toUpperCase(java.util.Locale.ROOT));
        body.put("readings", store.readings(meterId.toUpperCase(java.util.Locale.ROOT), limit));
        ctx.json(body);
    }

    private static void han(Context ctx, GatewayStore store, String hanToken) {
        String authorization = ctx.header("Authorization");
        String presented = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), hanToken.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer").status(401).json(Map.of("error", "HAN token required"));
            return;
        }
        ctx.json(Map.of("readings", store.latestReadings()));
    }

    private static int parseLimit(String text) {
        if (text == null) {
            return 100;
        }
        try {
            return Math.max(1, Math.min(1000, Integer.parseInt(text)));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
