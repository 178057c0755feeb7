package org.bcpki.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The metrics of one evaluation run and the files they are written to. */
public final class EvalResults {
    private final Environment environment;
    private final List<Metric> metrics = new ArrayList<>();

    public EvalResults(Environment environment) {
        this.environment = environment;
    }

    public synchronized void add(Metric metric) {
        metrics.add(metric);
    }

    public synchronized List<Metric> metrics() {
        return List.copyOf(metrics);
    }

    public Environment environment() {
        return environment;
    }

    /** Metrics grouped by section, in the order sections first appeared. */
    public synchronized Map<String, List<Metric>> bySection() {
        Map<String, List<Metric>> sections = new LinkedHashMap<>();
        for (Metric metric : metrics) {
            sections.computeIfAbsent(metric.section(), s -> new ArrayList<>()).add(metric);
        }
        return Collections.unmodifiableMap(sections);
    }

    public void writeJson(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("environment", environment);
        document.put("metrics", metrics());
        Files.writeString(file, mapper.writeValueAsString(document) + "\n");
    }

    public void writeCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("section,name,system,unit,value,count,min,p50,p95,p99,max,mean,note\n");
        for (Metric m : metrics()) {
            Summary s = m.summary();
            csv.append(String.join(",", quote(m.section()), quote(m.name()), quote(m.system()), quote(m.unit()),
                    number(m.value()),
                    s == null ? "" : Integer.toString(s.count()),
                    s == null ? "" : number(s.min()), s == null ? "" : number(s.p50()),
                    s == null ? "" : number(s.p95()), s == null ? "" : number(s.p99()),
                    s == null ? "" : number(s.max()), s == null ? "" : number(s.mean()),
                    quote(m.note() == null ? "" : m.note()))).append('\n');
        }
        Files.writeString(file, csv);
    }

    /** A Markdown report: the environment, then one table per section, then the charts. */
    public void writeMarkdown(Path file, String title, List<String> chartFiles) throws IOException {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        md.append("| machine | |\n|---|---|\n");
        md.append("| CPU | ").append(environment.cpuModel()).append(" (").append(environment.cores()).append(" cores) |\n");
        md.append("| memory | ").append(environment.memoryBytes() / (1024 * 1024)).append(" MiB |\n");
        md.append("| OS | ").append(environment.os()).append(" |\n");
        md.append("| load average (1 min, at start) | ").append(String.format(java.util.Locale.ROOT, "%.2f", environment.loadAverage())).append(" |\n");
        md.append("| JDK | ").append(environment.javaVersion()).append(" (").append(environment.javaVendor()).append(") |\n");
        md.append("| commit | ").append(environment.gitCommit()).append(" |\n");
        md.append("| time | ").append(environment.timestamp()).append(" |\n\n");
        for (Map.Entry<String, List<Metric>> section : bySection().entrySet()) {
            md.append("## ").append(section.getKey()).append("\n\n");
            md.append("| metric | system | unit | value | p50 | p95 | p99 | n | note |\n");
            md.append("|---|---|---|---:|---:|---:|---:|---:|---|\n");
            for (Metric m : section.getValue()) {
                Summary s = m.summary();
                md.append("| ").append(m.name()).append(" | ").append(m.system()).append(" | ").append(m.unit())
                        .append(" | ").append(number(m.value()))
                        .append(" | ").append(s == null ? "" : number(s.p50()))
                        .append(" | ").append(s == null ? "" : number(s.p95()))
                        .append(" | ").append(s == null ? "" : number(s.p99()))
                        .append(" | ").append(s == null ? "" : s.count())
                        .append(" | ").append(m.note() == null ? "" : m.note()).append(" |\n");
            }
            md.append('\n');
        }
        for (String chart : chartFiles) {
            md.append("![").append(chart).append("](").append(chart).append(")\n\n");
        }
        Files.writeString(file, md);
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        if (Math.abs(value) >= 0.001 && Math.abs(value) < 1e6) {
            return String.format(Locale.ROOT, "%.4g", value);
        }
        return String.format(Locale.ROOT, "%.3e", value);
    }

    private static String quote(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}
