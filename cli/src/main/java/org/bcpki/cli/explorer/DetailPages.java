package org.bcpki.cli.explorer;

import java.util.List;
import org.bcpki.core.registry.GrantRecord;

/** One subject's record and history; one block's header, seals and committers. */
final class DetailPages {
    private DetailPages() {}

    static String subject(Views.Subject s, List<RegistryEvent> events, long now, String version) {
        GrantRecord r = s.record();
        Html h = new Html().element("h2", "Subject").open("p").open("code", "id", "subject-id").text(s.subjectId())
                .close("code").close("p");
        h.open("table", "id", "subjects-table");
        Pages.subjectHeader(h);
        Pages.subjectRow(h, s, now);
        h.close("table");
        h.open("table", "id", "record-table").header("field", "value");
        h.row(List.of("attestation hash", r.attestationHash().toHexString()));
        h.row(List.of("key hash", r.keyHash().toHexString()));
        h.row(List.of("activated by request", s.activatingRequest() == null ? "-" : s.activatingRequest()));
        h.close("table");
        h.element("h3", "Events the explorer has read for this subject");
        Pages.eventTable(h, events);
        return Pages.frame("subject " + s.subjectId(), h, version, true);
    }

    static String block(BlockView b) {
        Html h = new Html().element("h2", "Block " + b.number());
        if (b.problem() != null) {
            h.open("p", "class", "error", "id", "error").text(b.problem()).close("p");
            return Pages.frame("block " + b.number(), h, null, false);
        }
        h.open("table", "id", "block-table").header("field", "value");
        h.row(List.of("hash", b.hash()));
        h.row(List.of("time", Html.time(b.timestamp())));
        h.row(List.of("proposer", b.proposer()));
        h.row(List.of("round", b.round()));
        h.row(List.of("transactions", b.transactions()));
        h.row(List.of("vote", b.vote().map(v -> (v.add() ? "add " : "remove ") + v.subject().toHex()).orElse("none")));
        h.row(List.of("commit seals", b.seals()));
        h.close("table");
        h.element("h3", "Committers (recovered from the commit seals)").open("ul", "id", "committers");
        b.committers().forEach(c -> h.open("li").open("code").text(c).close("code").close("li"));
        h.close("ul").element("h3", "Validators in extraData").open("ul", "id", "block-validators");
        b.validators().forEach(v -> h.open("li").open("code").text(v).close("code").close("li"));
        h.close("ul");
        if (b.number() > 0) {
            h.open("p").link(Pages.blockHref(b.number() - 1), "previous block").close("p");
        }
        return Pages.frame("block " + b.number(), h, null, false);
    }
}
