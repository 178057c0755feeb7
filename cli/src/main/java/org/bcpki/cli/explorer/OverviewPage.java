package org.bcpki.cli.explorer;

import java.util.List;
import org.bcpki.contracts.OnChainRequest;

/** The explorer's front page: blocks, validators and votes, registry state, requests, proposals, events, gateway. */
final class OverviewPage {
    private OverviewPage() {}

    static String render(Snapshot s, String rpcUrl, String registry, Views.Gateway gateway, String version) {
        Html h = new Html();
        h.open("p").text("node ").open("code").text(rpcUrl).close("code").text(", registry ").open("code").text(registry)
                .close("code").text(", head ").open("span", "id", "head").text(s.head() < 0 ? "unknown" : s.head())
                .close("span").text(s.headTime() > 0 ? " at " + Html.time(s.headTime()) : "").close("p");
        if (s.error() != null) {
            h.open("p", "class", "error", "id", "error").text(s.error()
                    + (s.head() >= 0 ? " (showing what was read up to block " + s.head() + ")" : "")).close("p");
        }
        blocks(h, s.blocks());
        validators(h, s);
        h.open("section", "id", "subjects").element("h2", "Registry subjects");
        h.open("table", "id", "subjects-table");
        Pages.subjectHeader(h);
        s.subjects().forEach(subject -> Pages.subjectRow(h, subject, s.headTime()));
        h.close("table").close("section");
        requests(h, s);
        proposals(h, s.proposals());
        h.open("section", "id", "events").element("h2", "Recent registry events (" + s.eventCount() + " in all)");
        Pages.eventTable(h, s.events());
        h.close("section");
        if (gateway != null) {
            Pages.gateway(h, gateway);
        }
        return Pages.frame("bcpki explorer", h, version, true);
    }

    private static void blocks(Html h, List<BlockView> blocks) {
        h.open("section", "id", "blocks").element("h2", "Blocks");
        h.open("table", "id", "blocks-table").header("block", "time", "proposer", "round", "seals", "committers", "txs", "vote");
        for (BlockView b : blocks) {
            h.open("tr", "data-block", String.valueOf(b.number()));
            h.open("td").link(Pages.blockHref(b.number()), b.number()).close("td");
            if (b.problem() != null) {
                h.open("td", "colspan", "7", "class", "error").text(b.problem()).close("td").close("tr");
                continue;
            }
            h.element("td", Html.time(b.timestamp()));
            h.open("td").hash(b.proposer()).close("td");
            h.element("td", b.round());
            h.element("td", b.seals());
            h.open("td");
            b.committers().forEach(c -> h.hash(c).text(" "));
            h.close("td");
            h.element("td", b.transactions());
            h.element("td", b.vote().map(v -> (v.add() ? "add " : "remove ") + v.subject().toHex()).orElse("-"));
            h.close("tr");
        }
        h.close("table").close("section");
    }

    private static void validators(Html h, Snapshot s) {
        h.open("section", "id", "validators").element("h2", "Validators (" + s.validators().size() + ")");
        h.open("p").text("from " + s.validatorsSource()).close("p").open("ul");
        s.validators().forEach(v -> h.open("li").open("code").text(v).close("code").close("li"));
        h.close("ul").element("h3", "Votes in block headers");
        if (s.votes().isEmpty()) {
            h.element("p", "no validator votes in the blocks read");
        } else {
            h.open("table", "id", "votes-table").header("block", "proposer", "vote", "validator");
            for (Views.ValidatorVote v : s.votes()) {
                h.open("tr").open("td").link(Pages.blockHref(v.block()), v.block()).close("td");
                h.open("td").hash(v.proposer()).close("td").element("td", v.add() ? "add" : "remove");
                h.open("td").open("code").text(v.subject()).close("code").close("td").close("tr");
            }
            h.close("table");
        }
        h.close("section");
    }

    private static void requests(Html h, Snapshot s) {
        h.open("section", "id", "requests").element("h2", "Pending grant requests (" + s.pendingRequests().size() + ")");
        h.open("table", "id", "requests-table").header("request", "subject", "role", "algorithm", "approvals", "approved by",
                "rejections", "approvable until");
        for (Views.Request r : s.pendingRequests()) {
            OnChainRequest q = r.request();
            String subject = org.bcpki.core.codec.Hex.data(q.subjectId());
            h.open("tr", "data-request", r.requestId()).open("td").hash(r.requestId()).close("td");
            h.open("td").open("a", "href", Pages.subjectHref(subject)).hash(subject).close("a").close("td");
            h.element("td", RegistryLogDecoder.Names.role(q.role()));
            h.element("td", RegistryLogDecoder.Names.algorithm(q.algorithm()));
            h.element("td", q.approvalCount());
            h.element("td", r.approvers().isEmpty() ? "-" : String.join(", ", r.approvers()));
            h.element("td", q.rejectionCount());
            h.element("td", Html.time(q.deadline()) + (s.headTime() > q.deadline() ? " (expired, closable)" : ""));
            h.close("tr");
        }
        h.close("table").close("section");
    }

    private static void proposals(Html h, List<Views.Proposal> proposals) {
        h.open("section", "id", "proposals").element("h2", "Governance proposals");
        h.open("table", "id", "proposals-table").header("id", "kind", "target", "name", "approvals", "state");
        for (Views.Proposal p : proposals) {
            h.open("tr", "data-proposal", String.valueOf(p.id())).element("td", p.id()).element("td", p.kind());
            h.open("td").hash(p.target()).close("td").element("td", p.name() == null || p.name().isEmpty() ? "-" : p.name());
            h.element("td", p.approvals()).element("td", p.executed() ? "executed" : "open").close("tr");
        }
        h.close("table").close("section");
    }
}
