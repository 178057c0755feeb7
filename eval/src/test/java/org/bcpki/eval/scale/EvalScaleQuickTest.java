package org.bcpki.eval.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick mode end to end (what {@code bcpki eval scale --quick} runs): two registry sizes on
 * real networks, files written, every number positive and finite, sizes that can only grow with N
 * do not shrink, both systems present.
 */
class EvalScaleQuickTest {
    @TempDir
    Path out;

    @Test
    void quickRunWritesPlausibleRowsForBothSystems() throws Exception {
        ScaleOptions options = ScaleOptions.parse("1e3,1e4", "1,4", "1", true);
        ScaleEvaluation.Outcome outcome = ScaleEvaluation.run(out, options, "eval scale --quick (test)", false, line -> { });

        for (String file : outcome.files()) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        assertTrue(outcome.files().containsAll(List.of(ScaleEvaluation.RESULTS_JSON, ScaleEvaluation.RESULTS_CSV)));
        JsonNode json = new ObjectMapper().readTree(out.resolve(ScaleEvaluation.RESULTS_JSON).toFile());
        // results.json holds the measured rows and the ones the report derives from them
        assertTrue(json.get("rows").size() >= outcome.rows().size(), "rows in results.json: " + json.get("rows").size());
        assertTrue(Files.exists(out.resolve(ScaleEvaluation.REPORT_MD)));

        List<ScaleRow> rows = outcome.rows();
        for (ScaleRow row : rows) {
            assertTrue(Double.isFinite(row.value()) && row.value() > 0, row.metric() + " " + row.variant() + " at N=" + row.n()
                    + " is " + row.value());
        }
        Set<String> systems = rows.stream().map(ScaleRow::system).collect(Collectors.toSet());
        assertEquals(Set.of("chain", "x509"), systems);
        Set<String> metrics = rows.stream().map(ScaleRow::metric).collect(Collectors.toSet());
        for (String expected : List.of(ScaleMetrics.PROOF_BYTES_RLP, ScaleMetrics.PROOF_BYTES_GZIP, ScaleMetrics.COLD_CHECK_LATENCY,
                ScaleMetrics.WARM_CHECK_LATENCY, ScaleMetrics.NEW_BLOCK_REFRESH_BYTES, ScaleMetrics.MIRROR_PROOF_RATE,
                ScaleMetrics.MIRROR_CPU, ScaleMetrics.STATE_SIZE, ScaleMetrics.RETAINED_PER_GRANT, ScaleMetrics.HEADER_BYTES,
                ScaleMetrics.X509_FULL_CRL_BYTES, ScaleMetrics.X509_OCSP_RATE)) {
            assertTrue(metrics.contains(expected), "missing " + expected + " in " + metrics);
        }
        for (String sizeMetric : List.of(ScaleMetrics.PROOF_BYTES_RLP, ScaleMetrics.STATE_SIZE, ScaleMetrics.X509_FULL_CRL_BYTES)) {
            assertNonDecreasingInN(rows, sizeMetric);
        }
        assertFalse(Files.exists(out.resolve("n1000")), "work directories stay out of --out");
    }

    /** Per system and variant, the median at each N never falls as N grows. */
    private static void assertNonDecreasingInN(List<ScaleRow> rows, String metric) {
        Map<String, TreeMap<Long, Double>> series = new TreeMap<>();
        for (ScaleRow row : rows) {
            if (row.metric().equals(metric)) {
                series.computeIfAbsent(row.system() + "/" + row.variant() + "/" + row.revokedPercent(), k -> new TreeMap<>())
                        .put(row.n(), row.value());
            }
        }
        assertFalse(series.isEmpty(), "no rows of " + metric);
        series.forEach((key, byN) -> {
            double previous = 0;
            for (Map.Entry<Long, Double> point : byN.entrySet()) {
                assertTrue(point.getValue() >= previous, metric + " (" + key + ") falls to " + point.getValue() + " at N="
                        + point.getKey() + " from " + previous);
                previous = point.getValue();
            }
            assertTrue(byN.size() >= 2, metric + " (" + key + ") measured at " + byN.keySet());
        });
    }
}
