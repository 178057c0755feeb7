package org.bcpki.eval.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bcpki.eval.Environment;
import org.bcpki.eval.Summary;

/** results.json and results.csv of {@code bcpki eval scale}: every row with all its fields. */
public final class ScaleResultsFiles {
    private ScaleResultsFiles() {}

    static final String CSV_HEADER = "section,metric,system,variant,n,gateways,revokedPercent,unit,value,"
            + "count,min,p50,p95,p99,max,mean,measured,note";

    /** The environment block, then the rows in their order. */
    public static void writeJson(Path file, Environment env, List<ScaleRow> rows) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("environment", env);
        document.put("rows", rows);
        Files.writeString(file, mapper.writeValueAsString(document) + "\n");
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
