package org.bcpki.authority;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.bcpki.authority.AuthorityStore.GrantRow;
import org.bcpki.authority.AuthorityStore.GrantState;
import org.bcpki.authority.AuthorityStore.RevocationRow;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.RegistryOperations;
import org.bcpki.core.identity.SubjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authority's REST service (see openapi.yaml): registrars obtain a challenge and submit grant
 * requests, operators submit revocations; accepted work is stored in SQLite and carried to the
 * registry contract by the {@link ChainWorker}.
 */
public final class AuthorityService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorityService.class);
    /** Largest accepted request body: an ML-DSA-87 key and an SLH-DSA signature fit with room to spare. */
    public static final int MAX_BODY_BYTES = 128 * 1024;
    static final long CHALLENGE_TTL_SECONDS = 300;
    private static final Pattern REQUEST_ID = Pattern.compile("0x[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Everything the service needs; {@code workerIntervalMillis <= 0} leaves passes to the caller
     * (tests); {@code checkpoints} null when this authority signs no checkpoints.
     */
    public record Settings(String name, AuthorityPolicy policy, CallerDirectory callers, AttestationVerifier attestation,
                           Path database, RegistryOperations chain, Clock clock, long workerIntervalMillis,
                           CheckpointSigner.Settings checkpoints) {}

    private final Settings settings;
    private final AuthorityStore store;
    private final RequestAuthenticator authenticator;
    private final GrantIntake intake;
    private final ChainWorker worker;
    private final SecureRandom random = new SecureRandom();
    private final Javalin app;

    private AuthorityService(Settings settings, AuthorityStore store) {
        this.settings = settings;
        this.store = store;
        this.authenticator = new RequestAuthenticator(settings.callers(), store);
        this.intake = new GrantIntake(settings.policy(), settings.attestation());
        this.worker = new ChainWorker(store, settings.chain(), settings.clock(),
                settings.checkpoints() == null ? null : new CheckpointSigner(settings.checkpoints(), store));
        this.app = Javalin.create(config -> {
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.startup.showJavalinBanner = false;
            config.routes.get("/v1/health", this::health);
            config.routes.get("/openapi.yaml", this::openApi);
            config.routes.post("/v1/challenges", this::challenge);
            config.routes.post("/v1/grant-requests", this::submitGrant);
            config.routes.get("/v1/grant-requests/{id}", this::showGrant);
            config.routes.post("/v1/revocations", this::submitRevocation);
            config.routes.get("/v1/revocations/{id}", this::showRevocation);
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request failed", e);
                error(ctx, 500, "internal_error", "the service failed to handle the request; nothing was stored");
            });
        });
    }

    /** Opens the database, starts HTTP on host:port (0 = any free port) and the chain worker. */
    public static AuthorityService start(Settings settings, String host, int port) throws SQLException {
        AuthorityService service = new AuthorityService(settings, AuthorityStore.open(settings.database()));
        service.app.start(host, port);
        if (settings.workerIntervalMillis() > 0) {
            service.worker.start(settings.workerIntervalMillis());
        }
        LOG.info("authority {} serving on {}:{}", settings.name(), host, service.app.port());
        return service;
    }

    public int port() {
        return app.port();
    }

    /** Runs one pass of on-chain work now; returns how much still waits (tests, and the CLI's --once). */
    public int processChainWork() throws SQLException {
        return worker.runOnce();
    }

    // ---------------------------------------------------------------- handlers

    private void health(Context ctx) throws SQLException {
        ObjectNode body = JSON.createObjectNode().put("status", "ok").put("authority", settings.name())
                .put("account", settings.chain().account()).put("registry", settings.chain().registryAddress())
                .put("pendingChainWork", store.countPendingChainWork())
                .put("lastCheckpoint", store.lastCheckpoint());
        body.put("lastChainError", worker.lastChainError());
        json(ctx, 200, body);
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = AuthorityService.class.getResourceAsStream("openapi.yaml")) {
            ctx.contentType("application/yaml").result(in.readAllBytes());
        }
    }

    private void challenge(Context ctx) throws SQLException {
        Caller caller = authenticate(ctx);
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long expiresAt = now() + CHALLENGE_TTL_SECONDS;
        store.addChallenge(challenge, caller.keyId(), expiresAt);
        json(ctx, 201, JSON.createObjectNode().put("challenge", challenge).put("expiresAt", expiresAt));
    }

    private void submitGrant(Context ctx) throws SQLException {
        Caller caller = authenticate(ctx);
        long now = now();
        GrantIntake.Validated request = intake.validate(body(ctx), now);
        GrantSubmission submission = request.submission();
        String id = "0x" + HexFormat.of().formatHex(submission.requestId());
        GrantRow row = new GrantRow(id, caller.keyId(), request.subject().toHex(), submission.role(),
                submission.algorithm(), submission.publicKey(), hex(submission.keyHash()),
                hex(submission.attestationHash()), submission.notBefore(), submission.notAfter(), GrantState.ACCEPTED,
                null, null, null, now, now);
        // Same content, same id: a retry gets the stored request (200) and nothing new happens.
        AuthorityStore.InsertResult inserted = store.acceptGrant(row, request.challenge(), now);
        json(ctx, inserted.created() ? 201 : 200, view(inserted.row()));
        worker.wakeUp();
    }

    private void showGrant(Context ctx) throws SQLException {
        String id = ctx.pathParam("id").toLowerCase(java.util.Locale.ROOT);
        if (!REQUEST_ID.matcher(id).matches()) {
            throw ApiException.badRequest("a request id is 0x and 64 hex digits");
        }
        GrantRow row = store.grant(id).orElseThrow(() -> new ApiException(404, "not_found", "no grant request " + id));
        json(ctx, 200, view(row));
    }

    private void submitRevocation(Context ctx) throws SQLException {
        Caller caller = authenticate(ctx);
        if (caller.kind() != Caller.Kind.OPERATOR) {
            throw ApiException.forbidden("only this authority's operators may revoke");
        }
        JsonNode body = body(ctx);
        if (!body.isObject() || !body.path("subject").isTextual() || !body.path("reason").isTextual()) {
            throw ApiException.badRequest("expected {\"subject\": ..., \"reason\": ...}");
        }
        String reason = body.get("reason").asText().strip();
        if (reason.isEmpty() || reason.length() > 200) {
            throw ApiException.badRequest("reason must have 1..200 characters");
        }
        SubjectId subject;
        String text = body.get("subject").asText();
        try {
            subject = text.startsWith("0x") ? SubjectId.ofHex(text) : SubjectId.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("subject: " + e.getMessage());
        }
        RevocationRow row = store.insertRevocation(caller.keyId(), subject.toHex(), reason, now());
        json(ctx, 202, view(row));
        worker.wakeUp();
    }

    private void showRevocation(Context ctx) throws SQLException {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("a revocation id is a number");
        }
        RevocationRow row = store.revocation(id).orElseThrow(() -> new ApiException(404, "not_found", "no revocation " + id));
        json(ctx, 200, view(row));
    }

    // ---------------------------------------------------------------- helpers

    private Caller authenticate(Context ctx) throws SQLException {
        String path = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
        return authenticator.authenticate(ctx.method().name(), path, ctx.bodyAsBytes(), ctx::header, now());
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode node = JSON.readTree(ctx.bodyAsBytes());
            if (node == null) {
                throw ApiException.badRequest("empty body: expected a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
    }

    private static ObjectNode view(GrantRow row) {
        ObjectNode node = JSON.createObjectNode().put("id", row.id()).put("subject", row.subjectId())
                .put("role", org.bcpki.core.identity.Role.fromCode(row.role()).name())
                .put("algorithm", org.bcpki.core.crypto.KeyAlgorithm.fromCode(row.algorithm()).displayName())
                .put("keyHash", row.keyHash()).put("attestationHash", row.attestationHash())
                .put("notBefore", row.notBefore()).put("notAfter", row.notAfter())
                .put("state", row.state().name()).put("submittedBy", row.callerKeyId())
                .put("createdAt", row.createdAt()).put("updatedAt", row.updatedAt());
        node.put("reason", row.reason());
        node.put("requestTx", row.requestTx());
        node.put("approveTx", row.approveTx());
        return node;
    }

    private static ObjectNode view(RevocationRow row) {
        ObjectNode node = JSON.createObjectNode().put("id", row.id()).put("subject", row.subjectId())
                .put("reason", row.reason()).put("state", row.state().name()).put("submittedBy", row.callerKeyId())
                .put("createdAt", row.createdAt()).put("updatedAt", row.updatedAt());
        node.put("failure", row.failure());
        node.put("tx", row.tx());
        return node;
    }

    private static void json(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(Context ctx, int status, String code, String message) {
        json(ctx, status, JSON.createObjectNode().put("error", code).put("message", message));
    }

    private static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    private long now() {
        return settings.clock().instant().getEpochSecond();
    }

    @Override
    public void close() throws Exception {
        app.stop();
        worker.close();
        store.close();
    }
}
