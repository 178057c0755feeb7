package org.bcpki.eval.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo's summary: a text table for the terminal, and summary.md / summary.json in the report directory. */
public final class DemoReport {
    public static final String SUMMARY_MD = "summary.md";
    public static final String SUMMARY_JSON = "summary.json";

    private DemoReport() {}

    public static void write(DemoStory.Result result, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder("# bcpki demo\n\n");
        md.append(result.success() ? "Result: **success**" : "Result: **failed** — " + result.failure())
                .append(String.format(" (%.1f s in total)%n%n", result.totalMillis() / 1000));
        md.append("| # | step | status | ms | bytes | what happened |\n|---:|---|---|---:|---:|---|\n");
        int i = 1;
        for (DemoStep s : result.steps()) {
            md.append("| ").append(i++).append(" | ").append(s.name()).append(" | ").append(s.status()).append(" | ")
                    .append(String.format("%.0f", s.millis())).append(" | ").append(s.bytes() < 0 ? "" : s.bytes())
                    .append(" | ").append(s.result().replace("|", "\\|")).append(" |\n");
        }
        md.append("\n`gateway-log.tsv` holds the gateway's metrological log (seq, time, kind, subject, outcome, reason,"
                + " evidence) when the story got that far.\n");
        Files.writeString(dir.resolve(SUMMARY_MD), md);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", result.success());
        json.put("failure", result.failure());
        json.put("totalMillis", Math.round(result.totalMillis()));
        json.put("steps", result.steps());
        DemoStory.json().writeValue(dir.resolve(SUMMARY_JSON).toFile(), json);
    }

    /** A fixed-width table of the steps for the terminal. */
    public static String table(List<DemoStep> steps) {
        int width = steps.stream().mapToInt(s -> s.name().length()).max().orElse(10);
        StringBuilder text = new StringBuilder();
        String format = "%-" + width + "s  %-13s %8s %9s  %s%n";
        text.append(String.format(format, "step", "status", "ms", "bytes", "what happened"));
        for (DemoStep s : steps) {
            text.append(String.format(format, s.name(), s.status(), String.format("%.0f", s.millis()),
                    s.bytes() < 0 ? "-" : Long.toString(s.bytes()), s.result()));
        }
        return text.toString();
    }
}
