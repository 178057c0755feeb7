package org.bcpki.cli.explorer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;

/** The page frame, and the pieces the overview and the detail pages share. */
final class Pages {
    static final String STYLE = "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
            + "table{border-collapse:collapse;margin:.4em 0 1.2em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}"
            + "th{background:#f2f2f2}code{font-size:12px}.error{background:#fdd;border:1px solid #c00;padding:.5em}"
            + ".REVOKED{color:#b00;font-weight:bold}.ACTIVE{color:#070}.SUSPENDED{color:#a60}"
            + "#status{color:#666;font-size:12px}section{margin-bottom:1em}";

    private Pages() {}

    /** A whole page; {@code live} adds the script that reloads {@code #live} when the chain moves on. */
    static String frame(String title, Html body, String version, boolean live) {
        Html page = new Html().raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .text(title).raw("</title><style>").raw(STYLE).raw("</style></head><body>")
                .raw("<header><h1><a href=\"/\">bcpki explorer</a></h1><p id=\"status\"></p></header>")
                .open("main", "id", "live", "data-version", version == null ? "" : version)
                .raw(body.toString()).close("main");
        if (live) {
            page.raw("<script src=\"/explorer.js\"></script>");
        }
        return page.raw("</body></html>").toString();
    }

    static String errorPage(int status, String title, String message) {
        Html body = new Html().element("h2", status + " " + title).open("p", "class", "error", "id", "error")
                .text(message).close("p").raw("<p><a href=\"/\">back to the overview</a></p>");
        return frame(title, body, null, false);
    }

    static String subjectHref(String subjectId) {
        return "/subject?id=" + URLEncoder.encode(subjectId, StandardCharsets.UTF_8);
    }

    static String blockHref(long number) {
        return "/block?number=" + number;
    }

    /** ACTIVE, REVOKED, SUSPENDED, NONE; an ACTIVE grant outside its validity at {@code now} says so. */
    static String status(GrantRecord r, long now) {
        String status = r.status().name();
        if (r.status() == GrantStatus.ACTIVE && now > 0 && now > r.notAfter()) {
            return status + " (expired)";
        }
        if (r.status() == GrantStatus.ACTIVE && now > 0 && now < r.notBefore()) {
            return status + " (not yet valid)";
        }
        return status;
    }

    static void subjectRow(Html h, Views.Subject s, long now) {
        GrantRecord r = s.record();
        h.open("tr", "data-subject", s.subjectId(), "data-status", r.status().name());
        h.open("td").link(subjectHref(s.subjectId()), s.subjectId()).close("td");
        h.open("td", "class", r.status().name()).text(status(r, now)).close("td");
        h.element("td", RegistryLogDecoder.Names.role(r.roleCode()));
        h.element("td", RegistryLogDecoder.Names.algorithm(r.algorithmCode()));
        h.element("td", r.version());
        h.open("td").hash(r.keyHash().toHexString()).close("td");
        h.element("td", Html.time(r.notBefore()) + " .. " + Html.time(r.notAfter()));
        h.element("td", Html.time(r.revokedAt()));
        h.element("td", s.approvers().isEmpty() ? "-" : String.join(", ", s.approvers()));
        h.close("tr");
    }

    static void subjectHeader(Html h) {
        h.header("subject", "status", "role", "algorithm", "version", "key hash", "valid", "revoked at", "approved by");
    }

    static void eventTable(Html h, List<RegistryEvent> events) {
        h.open("table", "id", "events-table").header("block", "event", "subject", "request", "proposal", "by", "detail");
        for (RegistryEvent e : events) {
            h.open("tr", "data-event", e.name(), "data-subject", e.subjectId() == null ? "" : e.subjectId());
            h.open("td").link(blockHref(e.block()), e.block()).close("td");
            h.element("td", e.name());
            h.open("td");
            if (e.subjectId() != null) {
                h.open("a", "href", subjectHref(e.subjectId())).hash(e.subjectId()).close("a");
            } else {
                h.text("-");
            }
            h.close("td").open("td").hash(e.requestId()).close("td");
            h.element("td", e.proposalId() > 0 ? e.proposalId() : "-");
            h.open("td").hash(e.actor()).close("td");
            h.element("td", e.detail());
            h.close("tr");
        }
        h.close("table");
    }

    static void gateway(Html h, Views.Gateway g) {
        h.open("section", "id", "gateway").element("h2", "Gateway decisions (live)");
        h.open("p").text("status endpoint ").open("code").text(g.url()).close("code").close("p");
        if (g.error() != null) {
            h.open("p", "class", "error").text(g.error()).close("p");
        } else {
            h.open("table", "id", "gateway-table").header("field", "value");
            for (Map.Entry<String, Object> e : g.status().entrySet()) {
                h.open("tr", "data-field", e.getKey()).element("td", e.getKey())
                        .element("td", e.getValue() == null ? "-" : e.getValue()).close("tr");
            }
            h.close("table");
        }
        h.close("section");
    }
}
