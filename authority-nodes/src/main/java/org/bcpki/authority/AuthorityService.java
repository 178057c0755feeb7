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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bcpki.authority.AuthorityStore.GrantRow;
import org.bcpki.authority.AuthorityStore.GrantState;
import org.bcpki.authority.AuthorityStore.RevocationRow;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.RegistryOperations;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
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
     * (tests); {@code checkpoints} null when this authority signs no checkpoints; {@code requestLog}
     * finds requests squatting on a subject ({@link RequestLog#none()} without log access);
     * {@code releases} null when this authority approves no releases (its release routes answer 503).
     */
    public record Settings(String name, AuthorityPolicy policy, CallerDirectory callers, AttestationCheck attestation,
                           Path database, RegistryOperations chain, Clock clock, long workerIntervalMillis,
                           CheckpointSigner.Settings checkpoints, RequestLog requestLog, ReleaseRoutes.Settings releases) {
        /** Settings of an authority that approves no releases. */
        public Settings(String name, AuthorityPolicy policy, CallerDirectory callers, AttestationCheck attestation,
                        Path database, RegistryOperations chain, Clock clock, long workerIntervalMillis,
                        CheckpointSigner.Settings checkpoints, RequestLog requestLog) {
            this(name, policy, callers, attestation, database, chain, clock, workerIntervalMillis, checkpoints,
                    requestLog, null);
        }

        /** Settings without log access (requests squatting on a subject are not looked for). */
        public Settings(String name, AuthorityPolicy policy, CallerDirectory callers, AttestationCheck attestation,
                        Path database, RegistryOperations chain, Clock clock, long workerIntervalMillis,
                        CheckpointSigner.Settings checkpoints) {
            this(name, policy, callers, attestation, database, chain, clock, workerIntervalMillis, checkpoints,
                    RequestLog.none());
        }
    }

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
        this.authenticator = new RequestAuthenticator(settings.callers(), store::rememberNonce);
        this.intake = new GrantIntake(settings.policy(), settings.attestation());
        this.worker = new ChainWorker(store, settings.chain(), settings.clock(),
                settings.checkpoints() == null ? null : new CheckpointSigner(settings.checkpoints(), store),
                settings.requestLog() == null ? RequestLog.none() : settings.requestLog());
        this.app = Javalin.create(config -> {
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.startup.showJavalinBanner = false;
            config.routes.get("/v1/health", this::health);
            config.routes.get("/openapi.yaml", this::openApi);
            config.routes.post("/v1/challenges", this::challenge);
            config.routes.post("/v1/grant-requests", this::submitGrant);
            config.routes.get("/v1/grant-requests/{id}", this::showGrant);
            config.routes.post("/v1/grant-requests/{id}/decision", this::decide);
            config.routes.post("/v1/revocations", this::submitRevocation);
            config.routes.get("/v1/revocations/{id}", this::showRevocation);
            new GovernanceRoutes(settings.chain(), this::authenticate, AuthorityService::json).register(config);
            new ReleaseRoutes(settings.releases(), store, this::authenticate, AuthorityService::json, this::now)
                    .register(config);
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

    /** The registered routes as "METHOD path" (for the test that keeps /openapi.yaml in step). */
    List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint.method.name() + " " + parsed.endpoint.path).toList();
    }

    /** Runs one pass of on-chain work now; returns how much still waits (tests, and the CLI's --once). */
    public int processChainWork() throws SQLException {
        return worker.runOnce();
    }

    // ---------------------------------------------------------------- handlers

    private void health(Context ctx) throws SQLException {
        ObjectNode body = JSON.createObjectNode().put("status", "ok").put("authority", settings.name())
                .put("account", settings.chain().account()).put("registry", settings.chain().registryAddress().toHex())
                .put("pendingChainWork", store.countPendingChainWork())
                .put("unsealedRevocations", store.countUnsealedRevocations())
                .put("heldGrantRequests", store.countHeldGrants())
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
        GrantIntake.Validated request = intake.validate(body(ctx), caller, now);
        GrantSubmission submission = request.submission();
        String id = Hex.data(submission.requestId());
        Optional<GrantRow> stored = store.grant(id);
        if (stored.isPresent()) {
            // Same content, same id: a retry gets the stored request (200) and nothing new happens.
            json(ctx, 200, view(stored.get()));
            return;
        }
        RekeyCheck rekey = checkRekey(request);
        GrantRow row = new GrantRow(id, caller.keyId(), request.subject().toHex(), submission.role().code(),
                submission.algorithm().code(), submission.publicKey(), Hex.data(submission.keyHash()),
                Hex.data(submission.attestationHash()), submission.notBefore(), submission.notAfter(), rekey.state(),
                rekey.reason(), null, null, now, now, AuthorityStore.Retry.NONE, rekey.currentKeyHash());
        AuthorityStore.InsertResult inserted = store.acceptGrant(row, request.challenge(), now);
        if (inserted.created() && rekey.state() == GrantState.HELD) {
            LOG.warn("grant request {} for {} held for an operator: {}", id, request.subject(), rekey.reason());
        }
        json(ctx, inserted.created() ? 201 : 200, view(inserted.row()));
        worker.wakeUp();
    }

    /** How intake treats a request given the subject's current grant (finding 1). */
    private record RekeyCheck(GrantState state, String reason, String currentKeyHash) {}

    /**
     * A new key for a subject whose grant is ACTIVE or SUSPENDED is a re-key: approved
     * automatically only with the current holder's rotation proof, otherwise held for this
     * authority's operator. The same key again, a new subject or a revoked one is no re-key.
     */
    private RekeyCheck checkRekey(GrantIntake.Validated request) {
        GrantRecord current;
        try {
            current = settings.chain().grant(request.subject());
        } catch (IOException | RuntimeException e) {
            if (request.rotation() != null) {
                throw new ApiException(503, "chain_unavailable", "cannot read the subject's current key to check the "
                        + "rotation proof; try again: " + ChainErrors.describe(e));
            }
            // Unchecked for now: the worker checks the subject's key before filing or approving.
            return new RekeyCheck(GrantState.ACCEPTED, null, null);
        }
        boolean holderExists = current.status() == GrantStatus.ACTIVE || current.status() == GrantStatus.SUSPENDED;
        String currentKeyHash = holderExists ? current.keyHash().toHexString() : null;
        byte[] newKeyHash = request.submission().keyHash();
        if (!holderExists || Arrays.equals(current.keyHash().toArrayUnsafe(), newKeyHash)) {
            return new RekeyCheck(GrantState.ACCEPTED, null, currentKeyHash);
        }
        if (request.rotation() == null) {
            return new RekeyCheck(GrantState.HELD, "held: " + request.subject().canonical().orElse(request.subject().toHex())
                    + " has an " + current.status() + " grant with another key; a re-key needs the holder's rotation proof"
                    + " or a decision by this authority's operator", currentKeyHash);
        }
        verifyRotation(request, current);
        return new RekeyCheck(GrantState.ACCEPTED, "re-key signed by the current holder", currentKeyHash);
    }

    private static void verifyRotation(GrantIntake.Validated request, GrantRecord current) {
        byte[] holderKey = request.rotation().currentPublicKey();
        if (!Arrays.equals(SignatureSuite.keyHash(holderKey), current.keyHash().toArrayUnsafe())) {
            throw ApiException.policy("rotation proof refused: currentPublicKey is not the subject's current key "
                    + current.keyHash().toHexString());
        }
        KeyAlgorithm holderAlgorithm;
        try {
            holderAlgorithm = KeyAlgorithm.fromCode(current.algorithmCode());
        } catch (IllegalArgumentException e) {
            throw ApiException.policy("rotation proof refused: the current grant's algorithm is unknown");
        }
        GrantSubmission s = request.submission();
        byte[] message = RequestSignature.rotationBytes(request.challenge(), request.subject().toHex(), request.role(),
                s.keyHash(), s.notBefore(), s.notAfter());
        boolean valid;
        try {
            valid = SignatureSuite.of(holderAlgorithm).verify(holderKey, message, request.rotation().signature());
        } catch (IllegalArgumentException e) {
            valid = false;
        }
        if (!valid) {
            throw ApiException.policy("rotation proof refused: the signature does not verify with the current "
                    + holderAlgorithm.displayName() + " key over this subject, role, new key, validity and challenge");
        }
    }

    /**
     * An operator's explicit decision on a held re-key: {"decision": "approve"|"reject",
     * "reason": "..."}; written to the append-only audit table with the request's content hash.
     */
    private void decide(Context ctx) throws SQLException {
        Caller caller = authenticate(ctx);
        if (caller.kind() != Caller.Kind.OPERATOR) {
            throw ApiException.forbidden("only this authority's operators decide held requests");
        }
        String id = requestId(ctx);
        RequestBodies.Decision decision = RequestBodies.decision(body(ctx));
        GrantRow row = store.grant(id).orElseThrow(() -> new ApiException(404, "not_found", "no grant request " + id));
        if (row.state() != GrantState.HELD) {
            throw new ApiException(409, "conflict", "request " + id + " is " + row.state() + ", not held for a decision");
        }
        String currentKeyHash = null;
        if (decision.approve()) {
            // The approval covers the key the subject has now; a later change holds the request again.
            try {
                GrantRecord current = settings.chain().grant(SubjectId.ofHex(row.subjectId()));
                currentKeyHash = current.keyHash().toHexString();
            } catch (IOException | RuntimeException e) {
                throw new ApiException(503, "chain_unavailable", "cannot read the subject's current grant; try again");
            }
        }
        AuthorityStore.OperatorDecision recorded = store.decide(id, caller.keyId(), decision.approve(), decision.reason(),
                contentHash(row), currentKeyHash, now());
        LOG.warn("grant request {}: operator {} decided {} ({})", id, caller.keyId(),
                decision.approve() ? "approve" : "reject", decision.reason());
        ObjectNode view = view(store.grant(id).orElseThrow());
        view.put("decisionId", recorded.id());
        json(ctx, 200, view);
        worker.wakeUp();
    }

    /** sha256(request id ‖ public key): the id covers every registry field, the key what it hashes. */
    static String contentHash(GrantRow row) {
        byte[] id = Hex.bytes(row.id(), 32, "request id");
        byte[] key = row.publicKey();
        byte[] both = Arrays.copyOf(id, id.length + key.length);
        System.arraycopy(key, 0, both, id.length, key.length);
        return Hex.data(RequestSignature.sha256(both));
    }

    private void showGrant(Context ctx) throws SQLException {
        String id = requestId(ctx);
        GrantRow row = store.grant(id).orElseThrow(() -> new ApiException(404, "not_found", "no grant request " + id));
        ObjectNode view = view(row);
        var decisions = view.putArray("decisions");
        for (AuthorityStore.OperatorDecision d : store.decisions(id)) {
            decisions.addObject().put("id", d.id()).put("operator", d.operatorKeyId()).put("decidedAt", d.decidedAt())
                    .put("decision", d.approved() ? "approve" : "reject").put("reason", d.reason())
                    .put("requestHash", d.requestHash());
        }
        json(ctx, 200, view);
    }

    private static String requestId(Context ctx) {
        String id = ctx.pathParam("id").toLowerCase(java.util.Locale.ROOT);
        if (!REQUEST_ID.matcher(id).matches()) {
            throw ApiException.badRequest("a request id is 0x and 64 hex digits");
        }
        return id;
    }

    private void submitRevocation(Context ctx) throws SQLException {
        Caller caller = authenticate(ctx);
        if (caller.kind() != Caller.Kind.OPERATOR) {
            throw ApiException.forbidden("only this authority's operators may revoke");
        }
        RequestBodies.Revocation revocation = RequestBodies.revocation(body(ctx));
        RevocationRow row = store.insertRevocation(caller.keyId(), revocation.subject().toHex(), revocation.reason(), now());
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
        return authenticator.authenticate(ctx.method().name(), ctx.path(), ctx.queryString(), ctx.bodyAsBytes(), ctx::header,
                now());
    }

    private static JsonNode body(Context ctx) {
        return RequestBodies.parse(ctx.bodyAsBytes());
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
        retry(node, row.retry());
        return node;
    }

    private static ObjectNode view(RevocationRow row) {
        ObjectNode node = JSON.createObjectNode().put("id", row.id()).put("subject", row.subjectId())
                .put("reason", row.reason()).put("state", row.state().name()).put("submittedBy", row.callerKeyId())
                .put("createdAt", row.createdAt()).put("updatedAt", row.updatedAt());
        node.put("failure", row.failure());
        node.put("tx", row.tx());
        retry(node, row.retry());
        return node;
    }

    private static void retry(ObjectNode node, AuthorityStore.Retry retry) {
        node.put("attempts", retry.attempts());
        node.put("lastError", retry.lastError());
        if (retry.nextAttemptAt() > 0) {
            node.put("nextAttemptAt", retry.nextAttemptAt());
        }
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
