package org.bcpki.gateway.wan;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.GatewayCounters;
import org.bcpki.gateway.RateLimits;
import org.bcpki.gateway.SecurityLog;
import org.bcpki.gateway.SourceRateLimiter;
import org.bcpki.gateway.install.InstallService;
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
 *       ({@link SignedRequest}), checked by {@link WanRequestCheck}; data given out goes into the
 *       consumer log, refusals into the security log, and a source address with too many refusals is
 *       answered 429 until its budget refills.</li>
 *   <li>{@code POST /wan/v1/installs}: a gateway administrator's (GWA, listed in the access profile)
 *       signed install of a release bundle with its image inline or downloaded ({@link InstallRequest});
 *       every attempt that reaches the Installer is in the metrological log.</li>
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

    /** Source addresses whose refusals are counted at once (least recently seen forgotten first). */
    public static final int MAX_SOURCES = 4096;

    /** {@code installs}: null when this gateway does not accept installs over the WAN (the route answers 503). */
    public static WanServer start(String host, int port, SelfSignedTls tls, WanRequestCheck check,
            InstallService installs, SecurityLog securityLog, RateLimits limits, GatewayCounters counters,
            String hanToken, Supplier<Object> status) {
        return start(host, port, tls, check, installs, securityLog,
                new SourceRateLimiter(limits.wanRefusedBurst(), limits.wanRefusedPerSecond(), MAX_SOURCES), counters,
                hanToken, status);
    }

    /**
     * {@code refusals} meters refused requests per source address: a source that used up its budget
     * is answered 429 at once, before any header is parsed or signature checked, until it refills.
     * Allowed requests cost nothing, so an EMT that behaves is never limited.
     */
    public static WanServer start(String host, int port, SelfSignedTls tls, WanRequestCheck check,
            InstallService installs, SecurityLog securityLog, SourceRateLimiter refusals, GatewayCounters counters,
            String hanToken, Supplier<Object> status) {
        GatewayStore store = securityLog.store();
        ServerConnector[] holder = new ServerConnector[1];
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = InstallRequest.MAX_BODY_BYTES; // bounded reads; only installs carry a body
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
            Guard guard = new Guard(securityLog, refusals, counters);
            config.routes.get("/han/v1/readings", ctx -> {
                if (guard.admitted(ctx)) {
                    han(ctx, store, hanToken, guard);
                }
            });
            config.routes.get("/wan/v1/meters/{meterId}/readings", ctx -> {
                if (guard.admitted(ctx)) {
                    emt(ctx, check, store, guard, counters);
                }
            });
            config.routes.post("/wan/v1/installs", ctx -> {
                if (guard.admitted(ctx)) {
                    install(ctx, check, installs, guard, counters);
                }
            });
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

    /** Rate limiting and the security log for refused requests, per source address. */
    private record Guard(SecurityLog securityLog, SourceRateLimiter refusals, GatewayCounters counters) {
        boolean admitted(Context ctx) {
            String source = source(ctx);
            if (!refusals.exhausted(source)) {
                return true;
            }
            counters.wanRefused(RATE_LIMITED);
            securityLog.record(source, LogRecord.rejected("wan", "", RATE_LIMITED, "",
                    ctx.method().name() + " " + ctx.path() + ": too many refused requests from " + ctx.ip()));
            ctx.header("Retry-After", "1").status(429).json(Map.of("error", RATE_LIMITED,
                    "detail", "too many refused requests from this address; retry later"));
            return false;
        }

        void refuse(Context ctx, int status, String reason, String subject, String evidence, String detail,
                Map<String, String> body) {
            String source = source(ctx);
            refusals.tryAcquire(source);
            counters.wanRefused(reason);
            securityLog.record(source, LogRecord.rejected("wan", subject, reason, evidence, detail));
            ctx.status(status).json(body);
        }

        private static String source(Context ctx) {
            return "wan:" + ctx.ip();
        }
    }

    public static final String RATE_LIMITED = "RATE_LIMITED";

    private static void emt(Context ctx, WanRequestCheck check, GatewayStore store, Guard guard,
            GatewayCounters counters) {
        String meterId = ctx.pathParam("meterId");
        String where = ctx.method().name() + " " + ctx.path();
        String malformed = null;
        if (!SubjectId.isMeterId(meterId)) {
            malformed = "not a meter ID: " + meterId;
        } else {
            try {
                SubjectId.parseCanonical(meterId); // one meter, one spelling
            } catch (IllegalArgumentException e) {
                malformed = e.getMessage();
            }
        }
        if (malformed != null) {
            guard.refuse(ctx, 400, "MALFORMED_REQUEST", "", "", where + ": " + malformed, Map.of("error", malformed));
            return;
        }
        WanRequestCheck.Request request = new WanRequestCheck.Request(ctx.method().name(), ctx.path(),
                ctx.queryString(), ctx.bodyAsBytes(), ctx::header);
        WanDecision decision = check.emt(request, meterId, System.currentTimeMillis());
        String detail = where + " meter " + meterId + (decision.detail().isEmpty() ? "" : ": " + decision.detail());
        if (!decision.allowed()) {
            guard.refuse(ctx, decision.httpStatus(), decision.reason(), decision.subject(), decision.evidence(), detail,
                    Map.of("error", decision.reason(), "detail", decision.detail()));
            return;
        }
        counters.wanAllowed();
        int limit = parseLimit(ctx.queryParam("limit"));
        store.logConsumerAccess(decision.subject(), meterId, decision.evidence(), detail + ", limit " + limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("meterId", meterId);
        body.put("readings", store.readings(meterId, limit));
        ctx.json(body);
    }

    /**
     * A gateway administrator's install: authenticated and authorised first (refusals to the security
     * log), then the body parsed (400), then the Installer decides and logs the attempt in the
     * metrological log: 201 installed, 422 refused with its reason.
     */
    private static void install(Context ctx, WanRequestCheck check, InstallService installs, Guard guard,
            GatewayCounters counters) {
        String where = ctx.method().name() + " " + ctx.path();
        if (installs == null) {
            String detail = "this gateway does not accept installs over the WAN (start it with --software-registry)";
            guard.refuse(ctx, 503, "INSTALLS_DISABLED", "", "", where + ": " + detail,
                    Map.of("error", "INSTALLS_DISABLED", "detail", detail));
            return;
        }
        byte[] body;
        try {
            body = ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            String detail = "the body exceeds " + InstallRequest.MAX_BODY_BYTES + " bytes";
            guard.refuse(ctx, 413, "TOO_LARGE", "", "", where + ": " + detail, Map.of("error", "TOO_LARGE", "detail", detail));
            return;
        }
        WanDecision decision = check.administrator(new WanRequestCheck.Request(ctx.method().name(), ctx.path(),
                ctx.queryString(), body, ctx::header), System.currentTimeMillis());
        if (!decision.allowed()) {
            guard.refuse(ctx, decision.httpStatus(), decision.reason(), decision.subject(), decision.evidence(),
                    where + (decision.detail().isEmpty() ? "" : ": " + decision.detail()),
                    Map.of("error", decision.reason(), "detail", decision.detail()));
            return;
        }
        InstallRequest request;
        try {
            request = InstallRequest.parse(body);
        } catch (IllegalArgumentException e) {
            guard.refuse(ctx, 400, "MALFORMED_REQUEST", decision.subject(), decision.evidence(), where + ": " + e.getMessage(),
                    Map.of("error", "MALFORMED_REQUEST", "detail", e.getMessage()));
            return;
        }
        counters.wanAllowed();
        InstallService.Answer answer = installs.install(request.bundle(), request.image(), decision.subject());
        Map<String, Object> out = new LinkedHashMap<>(answer.fields());
        out.put("requestedBy", decision.subject());
        ctx.status(answer.result().accepted() ? 201 : 422).json(out);
    }

    private static void han(Context ctx, GatewayStore store, String hanToken, Guard guard) {
        String authorization = ctx.header("Authorization");
        String presented = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), hanToken.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            guard.refuse(ctx, 401, "HAN_TOKEN", "", "", ctx.method().name() + " " + ctx.path() + ": HAN token required",
                    Map.of("error", "HAN token required"));
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
