package org.bcpki.authority;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;
import org.bcpki.contracts.GovernanceProposal;
import org.bcpki.contracts.ProposalKind;
import org.bcpki.contracts.ProposalState;
import org.bcpki.contracts.RegistryOperations.ProposalOutcome;
import org.bcpki.contracts.RegistryOperations.TxOutcome;
import org.bcpki.contracts.RegistryOperations;
import org.bcpki.core.identity.SubjectId;

/**
 * The consortium's operations this authority takes part in, for its operators only: governance
 * proposals and approvals, and suspending or reinstating a grant. Each is sent on chain at once with
 * this authority's account (nothing to retry: a refusal or an unreachable node is the answer), so
 * the registry's own rules decide; its refusals come back as 409 with the registry's error name.
 */
final class GovernanceRoutes {
    /** Proposals listed at most, newest first. */
    static final int MAX_LISTED = 1_000;

    /** Authenticates a request and returns its caller (the service's request signatures). */
    @FunctionalInterface
    interface Authenticator {
        Caller authenticate(Context ctx) throws SQLException;
    }

    private final RegistryOperations chain;
    private final Authenticator authenticator;
    private final Reply reply;

    /** How the service writes a JSON answer. */
    @FunctionalInterface
    interface Reply {
        void send(Context ctx, int status, ObjectNode body);
    }

    GovernanceRoutes(RegistryOperations chain, Authenticator authenticator, Reply reply) {
        this.chain = chain;
        this.authenticator = authenticator;
        this.reply = reply;
    }

    void register(JavalinConfig config) {
        config.routes.get("/v1/governance/proposals", this::list);
        config.routes.post("/v1/governance/proposals", this::propose);
        config.routes.post("/v1/governance/proposals/{id}/approval", this::approve);
        config.routes.post("/v1/suspensions", this::suspend);
        config.routes.post("/v1/reinstatements", this::reinstate);
    }

    private void list(Context ctx) throws IOException {
        ArrayNode proposals = JsonNodeFactory.instance.arrayNode();
        long count = OnChain.answer(chain::proposalCount);
        for (long id = count; id >= 1 && count - id < MAX_LISTED; id--) {
            long current = id;
            OnChain.answer(() -> chain.proposal(current)).ifPresent(p -> proposals.insert(0, view(p)));
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("count", count);
        body.set("proposals", proposals);
        reply.send(ctx, 200, body);
    }

    private void propose(Context ctx) throws SQLException {
        operator(ctx, "propose governance changes");
        GovernanceProposal proposal = RequestBodies.proposal(RequestBodies.parse(ctx.bodyAsBytes()));
        ObjectNode body = outcome(OnChain.answer(() -> chain.propose(proposal)));
        body.put("kind", proposal.kind().label());
        reply.send(ctx, 201, body);
    }

    private void approve(Context ctx) throws SQLException {
        operator(ctx, "approve governance proposals");
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("a proposal id is a number");
        }
        if (id < 1) {
            throw ApiException.badRequest("a proposal id is 1 or more");
        }
        reply.send(ctx, 200, outcome(OnChain.answer(() -> chain.approveProposal(id))));
    }

    private void suspend(Context ctx) throws SQLException {
        operator(ctx, "suspend grants");
        RequestBodies.Revocation suspension = RequestBodies.revocation(RequestBodies.parse(ctx.bodyAsBytes()));
        reply.send(ctx, 200, status(suspension.subject(), OnChain.answer(() -> chain.suspend(suspension.subject(), suspension.reason()))));
    }

    private void reinstate(Context ctx) throws SQLException {
        operator(ctx, "reinstate grants");
        SubjectId subject = RequestBodies.subject(RequestBodies.parse(ctx.bodyAsBytes()));
        reply.send(ctx, 200, status(subject, OnChain.answer(() -> chain.reinstate(subject))));
    }

    private void operator(Context ctx, String what) throws SQLException {
        if (authenticator.authenticate(ctx).kind() != Caller.Kind.OPERATOR) {
            throw ApiException.forbidden("only this authority's operators may " + what);
        }
    }

    private ObjectNode status(SubjectId subject, TxOutcome tx) {
        ObjectNode body = tx(tx).put("subject", subject.toHex());
        body.put("status", OnChain.answer(() -> chain.grant(subject)).status().name());
        return body;
    }

    private static ObjectNode outcome(ProposalOutcome outcome) {
        return tx(outcome.tx()).put("proposalId", outcome.proposalId()).put("approvals", outcome.approvals())
                .put("executed", outcome.executed());
    }

    private static ObjectNode tx(TxOutcome tx) {
        return JsonNodeFactory.instance.objectNode().put("transactionHash", tx.transactionHash())
                .put("blockNumber", tx.blockNumber());
    }

    private static ObjectNode view(ProposalState p) {
        ObjectNode view = JsonNodeFactory.instance.objectNode().put("id", p.id())
                .put("kind", p.kind().map(ProposalKind::label).orElse("kind-" + p.code()))
                .put("executed", p.executed()).put("approvals", p.approvals());
        view.put("target", p.target() == null ? null : p.target().toHex());
        if (!p.name().isEmpty()) {
            view.put("name", p.name());
        }
        ArrayNode roles = view.putArray("roles");
        p.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().forEach(roles::add);
        view.putObject("thresholds").put("grant", p.grantThreshold()).put("revocation", p.revocationThreshold())
                .put("governance", p.governanceThreshold());
        return view;
    }

}
