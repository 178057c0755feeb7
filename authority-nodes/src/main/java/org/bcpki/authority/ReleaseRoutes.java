package org.bcpki.authority;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.authority.AuthorityStore.ReleaseEvidence;
import org.bcpki.contracts.RegistryOperations.TxOutcome;
import org.bcpki.contracts.RegistryRejectedException;
import org.bcpki.contracts.ReleaseApprovalCheck;
import org.bcpki.contracts.ReleaseRefused;
import org.bcpki.contracts.SoftwareRegistryClient;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseBundleJson;
import org.bcpki.core.release.ReleaseRecord;
import org.bcpki.core.release.ReleaseStatus;

/**
 * Firmware release approvals (issue #20) for this authority's operators: an operator hands in a
 * release bundle, the service checks it with contracts' {@link ReleaseApprovalCheck} (the CLI's
 * checks), optionally adds this authority's ML-DSA-65 approval signature and votes. Every answer to
 * a bundle, refusals included, is kept in the store's append-only release_evidence table.
 */
public final class ReleaseRoutes {
    private static final Pattern RELEASE_ID = Pattern.compile("0x[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The SoftwareRegistry, sending with this authority's account; {@code authority} and
     * {@code approvalKey} (its AUTHORITY grant's ML-DSA-65 key) both null = votes without signing.
     */
    public record Settings(SoftwareRegistryClient registry, SubjectId authority, KeyPair approvalKey) {
        public Settings {
            if (registry == null || (authority == null) != (approvalKey == null)) {
                throw new IllegalArgumentException("a registry, and the approval key with its authority or neither");
            }
        }
    }

    private final Settings settings;
    private final AuthorityStore store;
    private final GovernanceRoutes.Authenticator authenticator;
    private final GovernanceRoutes.Reply reply;
    private final LongSupplier clock;

    ReleaseRoutes(Settings settings, AuthorityStore store, GovernanceRoutes.Authenticator authenticator,
            GovernanceRoutes.Reply reply, LongSupplier clock) {
        this.settings = settings;
        this.store = store;
        this.authenticator = authenticator;
        this.reply = reply;
        this.clock = clock;
    }

    void register(JavalinConfig config) {
        config.routes.post("/v1/releases", this::approve);
        config.routes.get("/v1/releases/{id}", this::show);
        config.routes.post("/v1/releases/{id}/revocation", this::revoke);
    }

    private void approve(Context ctx) throws SQLException {
        String operator = operator(ctx, "approve releases");
        Evidence evidence = new Evidence("APPROVE", operator, ctx.bodyAsBytes(), clock.getAsLong());
        ReleaseBundle bundle;
        try {
            bundle = ReleaseBundleJson.parse(evidence.bundle);
        } catch (MalformedDataException e) {
            evidence.checks.add(new ReleaseApprovalCheck.Step("bundle", false, e.getMessage()));
            throw evidence.refuse(400, "malformed-bundle", "not a valid release bundle: " + e.getMessage());
        }
        evidence.releaseId = bundle.releaseId().toHexString();
        evidence.keyHash = bundle.manufacturerSignature().keyHash().toHexString();
        ReleaseApprovalCheck check = new ReleaseApprovalCheck(settings.registry());
        try {
            check.check(bundle);
            if (settings.approvalKey() != null) {
                bundle = check.sign(bundle, settings.authority(), settings.approvalKey());
                evidence.approvalHash = bundle.approvals().get(bundle.approvals().size() - 1).signatureHash();
            }
        } catch (ReleaseRefused e) {
            evidence.checks.addAll(check.steps());
            throw evidence.refuse(422, e.error(), e.getMessage());
        } catch (IOException e) {
            evidence.checks.addAll(check.steps());
            throw evidence.unreachable(e);
        }
        evidence.checks.addAll(check.steps());
        ReleaseBundle approved = bundle;
        Bytes32 id = approved.releaseId();
        TxOutcome tx = evidence.vote(() -> settings.registry().approve(id, approved.signatureHash(), evidence.approvalHash));
        ObjectNode body = outcome(id, tx, evidence.record());
        body.put("signed", settings.approvalKey() != null);
        body.put("status", OnChain.answer(() -> settings.registry().release(id)).status().name());
        body.put("approvals", OnChain.answer(() -> settings.registry().approvalVotes(id)));
        try {
            body.set("bundle", JSON.readTree(ReleaseBundleJson.write(approved)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot re-read a bundle just written", e);
        }
        reply.send(ctx, 201, body);
    }

    private void revoke(Context ctx) throws SQLException {
        String operator = operator(ctx, "revoke releases");
        Bytes32 id = releaseId(ctx);
        var body = RequestBodies.parse(ctx.bodyAsBytes());
        if (!body.isObject() || !body.path("reason").isTextual() || body.size() != 1) {
            throw ApiException.badRequest("expected {\"reason\": ...}");
        }
        String reason = body.get("reason").asText().strip();
        if (reason.isEmpty() || reason.length() > RequestBodies.MAX_REASON_CHARACTERS) {
            throw ApiException.badRequest("reason must have 1.." + RequestBodies.MAX_REASON_CHARACTERS + " characters");
        }
        Evidence evidence = new Evidence("REVOKE", operator, null, clock.getAsLong());
        evidence.releaseId = id.toHexString();
        evidence.reason = reason;
        TxOutcome tx = evidence.vote(() -> settings.registry().revoke(id, reason));
        reply.send(ctx, 200, outcome(id, tx, evidence.record()));
    }

    private void show(Context ctx) throws SQLException {
        Bytes32 id = releaseId(ctx);
        ReleaseRecord record = OnChain.answer(() -> settings.registry().release(id));
        List<ReleaseEvidence> kept = store.releaseEvidence(id.toHexString());
        if (record.status() == ReleaseStatus.NONE && kept.isEmpty()) {
            throw new ApiException(404, "not_found", "no release " + id + " on chain and no evidence here");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("releaseId", id.toHexString())
                .put("status", record.status().name());
        if (record.status() != ReleaseStatus.NONE) {
            body.put("manufacturer", SubjectId.ofBytes(record.manufacturer().toArrayUnsafe()).toHex())
                    .put("version", record.version()).put("sha256", record.imageSha256().toHexString())
                    .put("manufacturerKeyHash", record.manufacturerKeyHash().toHexString())
                    .put("signatureHash", record.signatureHash().toHexString())
                    .put("approvals", OnChain.answer(() -> settings.registry().approvalVotes(id)))
                    .put("approvedAt", record.approvedAt()).put("revokedAt", record.revokedAt());
        }
        ArrayNode evidence = body.putArray("evidence");
        kept.forEach(e -> evidence.add(view(e)));
        reply.send(ctx, 200, body);
    }

    private String operator(Context ctx, String what) throws SQLException {
        Caller caller = authenticator.authenticate(ctx);
        if (caller.kind() != Caller.Kind.OPERATOR) {
            throw ApiException.forbidden("only this authority's operators may " + what);
        }
        if (settings == null) {
            throw notConfigured();
        }
        return caller.keyId();
    }

    private Bytes32 releaseId(Context ctx) {
        if (settings == null) {
            throw notConfigured();
        }
        String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
        if (!RELEASE_ID.matcher(id).matches()) {
            throw ApiException.badRequest("a release id is 0x and 64 hex digits");
        }
        return Bytes32.fromHexString(id);
    }

    private static ApiException notConfigured() {
        return new ApiException(503, "releases_not_configured", "this authority has no SoftwareRegistry configured "
                + "(release.json in its directory)");
    }

    private static ObjectNode outcome(Bytes32 id, TxOutcome tx, long evidenceId) {
        return JsonNodeFactory.instance.objectNode().put("releaseId", id.toHexString())
                .put("transactionHash", tx.transactionHash()).put("blockNumber", tx.blockNumber())
                .put("evidenceId", evidenceId);
    }

    private static ObjectNode view(ReleaseEvidence e) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("id", e.id()).put("action", e.action())
                .put("operator", e.operatorKeyId()).put("outcome", e.outcome()).put("error", e.error())
                .put("reason", e.reason()).put("manufacturerKeyHash", e.manufacturerKeyHash())
                .put("approvalSignatureHash", e.approvalSignatureHash()).put("transactionHash", e.tx())
                .put("receivedAt", e.receivedAt()).put("decidedAt", e.decidedAt());
        node.put("blockNumber", e.block());
        try {
            node.set("checks", JSON.readTree(e.checks()));
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("stored checks are not JSON", x);
        }
        node.put("bundle", e.bundle() == null ? null : new String(e.bundle(), StandardCharsets.UTF_8));
        return node;
    }


    /** The evidence row being assembled for one request; stored once, with the answer. */
    private final class Evidence {
        final String action;
        final String operator;
        final byte[] bundle;
        final long receivedAt;
        final List<ReleaseApprovalCheck.Step> checks = new java.util.ArrayList<>();
        String releaseId;
        String keyHash;
        String reason;
        Bytes32 approvalHash = Bytes32.ZERO;
        TxOutcome tx;
        String outcome = "VOTED";
        String error;

        Evidence(String action, String operator, byte[] bundle, long receivedAt) {
            this.action = action;
            this.operator = operator;
            this.bundle = bundle;
            this.receivedAt = receivedAt;
        }

        TxOutcome vote(OnChain.Call<TxOutcome> call) throws SQLException {
            try {
                tx = call.call();
                checks.add(new ReleaseApprovalCheck.Step("vote", true, "mined in block " + tx.blockNumber()));
                return tx;
            } catch (RegistryRejectedException e) {
                checks.add(new ReleaseApprovalCheck.Step("vote", false, e.getMessage()));
                throw refuse(409, e.errorName(), "the registry refused: " + e.getMessage());
            } catch (IOException e) {
                throw unreachable(e);
            }
        }

        ApiException refuse(int status, String code, String message) throws SQLException {
            outcome = "REFUSED";
            error = code;
            if (reason == null) {
                reason = message;
            }
            record();
            return new ApiException(status, code, message);
        }

        ApiException unreachable(IOException e) throws SQLException {
            outcome = "FAILED";
            error = "chain_unavailable";
            reason = "cannot reach the chain node: " + e.getMessage();
            record();
            return new ApiException(503, error, reason);
        }

        long record() throws SQLException {
            ArrayNode steps = JSON.createArrayNode();
            checks.forEach(s -> steps.addObject().put("check", s.check()).put("passed", s.passed()).put("detail", s.detail()));
            boolean signed = !approvalHash.isZero();
            return store.recordReleaseEvidence(new ReleaseEvidence(0, releaseId, action, operator, bundle, keyHash,
                    steps.toString(), outcome, error, reason, signed ? approvalHash.toHexString() : null,
                    tx == null ? null : tx.transactionHash(), tx == null ? null : tx.blockNumber(), receivedAt,
                    clock.getAsLong()));
        }
    }
}
