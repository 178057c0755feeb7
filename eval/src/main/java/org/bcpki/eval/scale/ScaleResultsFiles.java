package org.bcpki.eval.scale;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bcpki.eval.Environment;
import org.bcpki.eval.Summary;

/** results.json and results.csv of {@code bcpki eval scale}: every row with all its fields. */
public final class ScaleResultsFiles {
    private ScaleResultsFiles() {}

    static final String CSV_HEADER = "section,metric,system,variant,n,gateways,revokedPercent,unit,value,"
            + "count,min,p50,p95,p99,max,mean,measured,note";

    /**
     * The environment block, the command, then the rows in their order. A report built from several runs
     * also lists them as "sources" (command, sizes, environment each); "environment" is then the machine
     * that built the report.
     */
    public static void writeJson(Path file, Environment env, String command, List<ScaleSource> sources,
                                 List<ScaleRow> rows) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("environment", env);
        document.put("command", command);
        if (sources.size() > 1) {
            document.put("sources", sources);
        }
        document.put("rows", rows);
        Files.writeString(file, mapper.writeValueAsString(document) + "\n");
    }

    /** What an earlier run's results.json holds that a combined report needs: its sources and measured rows. */
    public record Measured(List<ScaleSource> sources, List<ScaleRow> rows) {}

    /**
     * Reads the measured rows (derived ones are rebuilt, not trusted) and the sources of a results.json.
     * Files written before results.json named the command take it from the report.md beside them.
     */
    public static Measured readMeasured(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        JsonNode document;
        try {
            document = mapper.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getOriginalMessage());
        }
        if (document == null || !document.path("rows").isArray() || !document.path("environment").isObject()) {
            throw new IllegalArgumentException(file + " is not an eval scale results.json (no environment and rows)");
        }
        List<ScaleRow> measured = new ArrayList<>();
        try {
            for (JsonNode row : document.get("rows")) {
                ScaleRow r = mapper.treeToValue(row, ScaleRow.class);
                if (!ScaleReport.isDerived(r)) {
                    measured.add(r);
                }
            }
            List<ScaleSource> sources = new ArrayList<>();
            if (document.has("sources")) {
                for (JsonNode source : document.get("sources")) {
                    sources.add(mapper.treeToValue(source, ScaleSource.class));
                }
            } else {
                TreeSet<Long> sizes = new TreeSet<>();
                measured.forEach(r -> sizes.add(r.n()));
                String command = document.hasNonNull("command") ? document.get("command").asText()
                        : commandInReport(file.resolveSibling(ScaleEvaluation.REPORT_MD));
                sources.add(new ScaleSource(command, List.copyOf(sizes),
                        mapper.treeToValue(document.get("environment"), Environment.class)));
            }
            return new Measured(sources, measured);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " has a row or source this version cannot read: "
                    + (e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    private static final Pattern REPORT_COMMAND = Pattern.compile("Command:\\n\\n```\\n(.*?)\\n```");

    private static String commandInReport(Path report) throws IOException {
        if (Files.isRegularFile(report)) {
            Matcher m = REPORT_COMMAND.matcher(Files.readString(report));
            if (m.find()) {
                return m.group(1);
            }
        }
        return "(not recorded)";
    }

    /** One row per line under a header; summary columns are empty for single values. */
    public static void writeCsv(Path file, List<ScaleRow> rows) throws IOException {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (ScaleRow r : rows) {
            Summary s = r.summary();
            csv.append(String.join(",", quote(r.section()), quote(r.metric()), quote(r.system()), quote(r.variant()),
                    Long.toString(r.n()), Integer.toString(r.gateways()), number(r.revokedPercent()), quote(r.unit()),
                    number(r.value()),
                    s == null ? "" : Integer.toString(s.count()),
                    s == null ? "" : number(s.min()), s == null ? "" : number(s.p50()),
                    s == null ? "" : number(s.p95()), s == null ? "" : number(s.p99()),
                    s == null ? "" : number(s.max()), s == null ? "" : number(s.mean()),
                    Boolean.toString(r.measured()), quote(r.note()))).append('\n');
        }
        Files.writeString(file, csv);
    }

    /** Full precision for machines: CSV readers should not get the report's rounded numbers. */
    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%s", value);
    }

    private static String quote(String field) {
        return field.contains(",") || field.contains("\"") || field.contains("\n")
                ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}
