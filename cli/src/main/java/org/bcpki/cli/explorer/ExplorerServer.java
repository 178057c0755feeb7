package org.bcpki.cli.explorer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.gateway.wan.SelfSignedTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The explorer's web server: Javalin on 127.0.0.1 only, GET only, server-rendered HTML plus
 * {@code /api/live} (what the page's script polls) and {@code /explorer.js}. A bad parameter is a
 * 400 page, an unknown subject or block a 404 page, an unreachable node a page that says so; none
 * of them stops the server.
 */
public final class ExplorerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExplorerServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RENDERED = "explorer.rendered";
    private static final String SCRIPT = loadScript();

    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration GATEWAY_TIMEOUT = Duration.ofSeconds(3);

    private final ChainModel model;
    private final GatewayFeed gateway;
    private final Web3j web3j;
    private final Javalin app;

    private ExplorerServer(ChainModel model, GatewayFeed gateway, Web3j web3j, int port) {
        this.model = model;
        this.gateway = gateway;
        this.web3j = web3j;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(this::guard);
            config.routes.get("/", this::overview);
            config.routes.get("/subject", this::subject);
            config.routes.get("/block", this::block);
            config.routes.get("/api/live", this::live);
            config.routes.get("/explorer.js", ctx -> {
                allowOnly(ctx, Set.of());
                ctx.contentType("text/javascript; charset=utf-8").result(SCRIPT);
            });
            config.routes.exception(PageError.class, (e, ctx) -> page(ctx, e.status, e.title, e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.warn("explorer request {} failed", ctx.path(), e);
                page(ctx, 500, "Internal error", "the explorer failed to render this page: " + ChainModel.message(e));
            });
            config.routes.error(404, ctx -> {
                if (ctx.attribute(RENDERED) == null) {
                    page(ctx, 404, "Not found", "no page at " + ctx.path() + " (pages: /, /subject?id=, /block?number=)");
                }
            });
        });
        app.start("127.0.0.1", port);
    }

    /**
     * Starts the server on 127.0.0.1:{@code port} (0: any free port), reading the chain from
     * {@code rpcUrl}, the registry at {@code registry}, and, when given, a gateway's status endpoint
     * (HTTPS trusted through {@code gatewayCertificatePem}, the gateway's self-signed certificate).
     */
    public static ExplorerServer start(URI rpcUrl, Address registry, Optional<URI> gatewayStatus,
            Optional<String> gatewayCertificatePem, int port) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl.toString()));
        ChainModel model = new ChainModel(new JsonRpc(rpcUrl, RPC_TIMEOUT), new RegistryReader(web3j, registry));
        GatewayFeed feed = gatewayStatus.map(url -> new GatewayFeed(url,
                gatewayCertificatePem.map(SelfSignedTls::trusting).orElse(null), GATEWAY_TIMEOUT)).orElse(null);
        try {
            return new ExplorerServer(model, feed, web3j, port);
        } catch (RuntimeException e) {
            web3j.shutdown();
            throw e;
        }
    }

    public int port() {
        return app.port();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    /** GET only, and only under a loopback Host name (a page on another site cannot rebind its name to us). */
    private void guard(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; "
                + "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        if (ctx.method() != HandlerType.GET) {
            ctx.header("Allow", "GET");
            throw new PageError(405, "Method not allowed", "the explorer is read-only: " + ctx.method() + " is not served");
        }
        String host = ctx.host() == null ? "" : ctx.host().replaceFirst(":\\d+$", "");
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new PageError(403, "Forbidden", "the explorer answers only to 127.0.0.1 or localhost");
        }
    }

    private void overview(Context ctx) {
        allowOnly(ctx, Set.of());
        Snapshot s = model.refresh();
        Views.Gateway g = gateway == null ? null : gateway.read();
        html(ctx, 200, OverviewPage.render(s, model.rpcUrl(), model.registryAddress(), g, version(s, g)));
    }

    private void subject(Context ctx) throws IOException {
        allowOnly(ctx, Set.of("id"));
        String id = required(ctx, "id", "a subject: a meter id, an organisation identity or a 0x subject id");
        SubjectId subject;
        try {
            subject = id.startsWith("0x") || id.startsWith("0X") ? SubjectId.ofHex(id) : SubjectId.parse(id);
        } catch (IllegalArgumentException e) {
            throw new PageError(400, "Bad request", "id: " + e.getMessage());
        }
        Snapshot s = model.refresh();
        Views.Subject view = chain(() -> model.subject(subject.toHex()));
        if (view.record().status() == GrantStatus.NONE) {
            throw new PageError(404, "Unknown subject", "no grant on chain for " + subject.canonical().orElse(subject.toHex())
                    + " (" + subject.toHex() + ")");
        }
        html(ctx, 200, DetailPages.subject(view, model.eventsOf(subject.toHex()), s.headTime(),
                version(s, gateway == null ? null : gateway.read())));
    }

    private void block(Context ctx) throws IOException {
        allowOnly(ctx, Set.of("number"));
        String text = required(ctx, "number", "a block number");
        long number;
        try {
            number = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new PageError(400, "Bad request", "number: '" + text + "' is not a block number");
        }
        if (number < 0) {
            throw new PageError(400, "Bad request", "number: a block number is 0 or more, not " + number);
        }
        Optional<BlockView> block = chain(() -> model.block(number));
        if (block.isEmpty()) {
            throw new PageError(404, "Unknown block", "the node has no block " + number + " (yet)");
        }
        html(ctx, 200, DetailPages.block(block.get()));
    }

    private void live(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        Snapshot s = model.refresh();
        Views.Gateway g = gateway == null ? null : gateway.read();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version(s, g));
        body.put("head", s.head());
        body.put("headTime", s.headTime());
        body.put("eventCount", s.eventCount());
        body.put("error", s.error());
        if (g != null) {
            body.put("gateway", g.status());
            body.put("gatewayError", g.error());
        }
        ctx.attribute(RENDERED, true);
        ctx.contentType("application/json").result(JSON.writeValueAsString(body));
    }

    private static String version(Snapshot s, Views.Gateway g) {
        return s.version() + (g == null ? "" : ":" + Integer.toHexString(
                java.util.Objects.hash(g.status() == null ? null : g.status().toString(), g.error())));
    }

    private interface ChainRead<T> {
        T read() throws IOException;
    }

    /** A read for one page; a node that cannot answer is a 502 page naming it. */
    private <T> T chain(ChainRead<T> read) {
        try {
            return read.read();
        } catch (IOException | RuntimeException e) {
            throw new PageError(502, "Node unreachable", "cannot read the chain from " + model.rpcUrl() + ": "
                    + ChainModel.message(e));
        }
    }

    private static void allowOnly(Context ctx, Set<String> allowed) {
        for (Map.Entry<String, List<String>> p : ctx.queryParamMap().entrySet()) {
            if (!allowed.contains(p.getKey())) {
                throw new PageError(400, "Bad request", "unknown parameter '" + p.getKey() + "'"
                        + (allowed.isEmpty() ? " (this page takes none)" : " (this page takes: " + String.join(", ", allowed) + ")"));
            }
            if (p.getValue().size() > 1) {
                throw new PageError(400, "Bad request", "parameter '" + p.getKey() + "' given more than once");
            }
        }
    }

    private static String required(Context ctx, String name, String what) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            throw new PageError(400, "Bad request", "parameter '" + name + "' is required: " + what);
        }
        if (value.length() > 200) {
            throw new PageError(400, "Bad request", "parameter '" + name + "' is too long");
        }
        return value.strip();
    }

    private static void page(Context ctx, int status, String title, String message) {
        html(ctx, status, Pages.errorPage(status, title, message));
    }

    private static void html(Context ctx, int status, String page) {
        ctx.attribute(RENDERED, true);
        ctx.status(status).contentType("text/html; charset=utf-8").result(page);
    }

    private static String loadScript() {
        try (InputStream in = ExplorerServer.class.getResourceAsStream("explorer.js")) {
            if (in == null) {
                throw new IllegalStateException("explorer.js is missing from the class path");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read explorer.js", e);
        }
    }

    @Override
    public void close() {
        app.stop();
        web3j.shutdown();
    }

    /** A page that is not the one asked for: a status, a title and a reason. */
    static final class PageError extends RuntimeException {
        final int status;
        final String title;

        PageError(int status, String title, String message) {
            super(message);
            this.status = status;
            this.title = title;
        }
    }
}
