package org.bcpki.eval.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.eval.Environment;
import org.bcpki.eval.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleReportTest {
    private static final Environment ENV = new Environment("test CPU", 2, 4L << 30, "Linux", "21", "vendor", "dev",
            "abc123", "2026-12-07T05:00:00Z", 0.5);

    /** Synthetic rows of both systems at three sizes (tests only). */
    static List<ScaleRow> rows() {
        List<ScaleRow> rows = new ArrayList<>();
        for (long n : new long[] {1000, 10_000, 100_000}) {
            double depth = Math.log(n) / Math.log(16);
            for (String layout : List.of("3-slot", "1-slot")) {
                double slots = layout.equals("3-slot") ? 3 : 1;
                rows.add(ScaleRow.value("cold check", ScaleMetrics.PROOF_BYTES_RLP, "chain", layout, n, 0, 1, "bytes",
                        slots * (400 + 532 * depth), ""));
                rows.add(ScaleRow.value("cold check", ScaleMetrics.PROOF_BYTES_GZIP, "chain", layout, n, 0, 1, "bytes",
                        slots * (700 + 300 * depth), ""));
                rows.add(ScaleRow.distribution("cold check", ScaleMetrics.WARM_CHECK_LATENCY, "chain", layout, n, 0, 1, "ms",
                        Summary.of(new double[] {0.005, 0.006, 0.009}), ""));
            }
            rows.add(ScaleRow.distribution("x509 relying party", ScaleMetrics.X509_WARM_PER_READING, "x509", "ecdsa", n, 0,
                    1, "ms", Summary.of(new double[] {0.01, 0.012, 0.03}), ""));
            rows.add(ScaleRow.value("x509 CA", ScaleMetrics.X509_FULL_CRL_BYTES, "x509", "ecdsa", n, 0, 1, "bytes",
                    300 + 38 * n / 100.0, ""));
            rows.add(ScaleRow.value("x509 CA", ScaleMetrics.X509_DELTA_CRL_BYTES, "x509", "ecdsa", n, 0, 1, "bytes",
                    700, "10 new revocations in the period"));
            rows.add(ScaleRow.distribution("cold check", ScaleMetrics.NEW_BLOCK_REFRESH_BYTES, "chain", "3-slot", n, 0, 1,
                    "bytes", Summary.of(new double[] {40_000, 41_000, 45_000}), "10 identities re-proven"));
            rows.add(ScaleRow.value("x509 CA", ScaleMetrics.X509_OCSP_RESPONSE_BYTES, "x509", "mldsa65", n, 0, 1, "bytes",
                    5600, ""));
            rows.add(ScaleRow.value("storage", ScaleMetrics.STATE_SIZE, "chain", "", n, 0, 1, "bytes", 200.0 * n, ""));
        }
        rows.add(ScaleRow.value("header sync", ScaleMetrics.HEADER_BYTES, "chain", "", 100_000, 0, 0, "bytes", 620, ""));
        rows.add(ScaleRow.value("storage", ScaleMetrics.RETAINED_PER_EMPTY_BLOCK, "chain", "", 100_000, 0, 0, "bytes", 900, ""));
        rows.add(ScaleRow.value("storage", ScaleMetrics.RETAINED_PER_GRANT, "chain", "", 100_000, 0, 0, "bytes", 7000, ""));
        rows.add(ScaleRow.value("storage", ScaleMetrics.RETAINED_PER_REVOCATION, "chain", "", 100_000, 0, 0, "bytes", 400, ""));
        rows.add(ScaleRow.value("mirror under load", ScaleMetrics.MIRROR_PROOF_RATE, "chain", "", 100_000, 16, 0, "req/s", 1800, ""));
        rows.add(ScaleRow.value("x509 CA", ScaleMetrics.X509_OCSP_RATE, "x509", "presigned", 100_000, 16, 0, "req/s", 9000, ""));
        return rows;
    }

    @Test
    void reportRendersBothSystemsWithFitsRatiosFreshnessAndNationalTable(@TempDir Path dir) throws Exception {
        List<String> charts = ScaleReport.write(dir, ENV, rows(), "bcpki eval scale --out " + dir);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("| CPU | test CPU (2 cores) |"), "the environment block as eval run prints it");
        assertTrue(md.contains("bcpki eval scale --out"));
        for (String section : List.of("## cold check", "## x509 CA", "## fits", "## ratios", "## freshness", "## national")) {
            assertTrue(md.contains(section), section);
        }
        assertTrue(md.contains("N=1e3") && md.contains("N=1e5"), "one column per N");
        assertTrue(md.contains("0.006 / 0.009"), "p50 / p99 of a distribution");
        // 3 × (400 + 532·log16 N) at 10^7 misses 4000 B; the 1-slot layout's 400 + 532·5.81 = 3492 B meets it.
        assertTrue(md.matches("(?s).*proof bytes per cold check \\(RLP nodes\\) \\| chain 3-slot revoked 1% \\|.*misses.*"));
        assertTrue(md.matches("(?s).*proof bytes per cold check \\(RLP nodes\\) \\| chain 1-slot revoked 1% \\|.*meets.*"));
        assertTrue(md.contains("warm: x509 warm per reading / chain warm check"));
        assertTrue(md.contains("mirrors needed") && md.contains("OCSP responders needed") && md.contains("node storage per year"));
        assertTrue(md.contains("metering points | 50 000 000"));
        assertTrue(charts.contains("freshness-bytes-per-day.png") && charts.contains("fits-proof-bytes.png"));
        assertTrue(md.contains("| x509 | base CRL + delta CRL (ecdsa) |"), "delta CRL strategy per signer");
        assertTrue(md.contains("measured new block refresh bytes of 10 identities"), "the source of the re-proof bytes");
        assertTrue(charts.size() > 4, "log-log charts of every metric measured at several N");
        for (String chart : charts) {
            assertTrue(Files.size(dir.resolve(chart)) > 1000, chart);
            assertTrue(md.contains("](" + chart + ")"), chart + " embedded");
        }
    }

    @Test
    void aRunWithoutRowsStillWritesAReportThatSaysWhatIsMissing(@TempDir Path dir) throws Exception {
        List<String> charts = ScaleReport.write(dir, ENV, List.of(), "bcpki eval scale --out x");
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("nothing to fit") && md.contains("no ratio to print") && md.contains("## national"));
        assertEquals(List.of(), charts);
    }

    @Test
    void numbersKeepFourSignificantDigits() {
        assertEquals("0.006", ScaleReport.number(0.006));
        assertEquals("4 342", ScaleReport.number(4342));
        assertEquals("1 498 000 000", ScaleReport.number(1.4981e9));
        assertEquals("55 560", ScaleReport.number(55_555.56));
        assertEquals("7 141 000 000 000", ScaleReport.number(7_141_051_584_000.0));
        assertEquals("38 300", ScaleReport.number(38_300));
        assertEquals("12.35", ScaleReport.number(12.3456));
    }

    @Test
    void longNotesAreCutWithAPointerToTheCsv() {
        assertEquals("a; b", ScaleReport.shortNote(List.of("a", "b")));
        String cut = ScaleReport.shortNote(List.of("x".repeat(300)));
        assertEquals("x".repeat(ScaleReport.NOTE_LIMIT) + "… (every note in results.csv)", cut);
    }

    @Test
    void derivedRowsAreModelledExceptRatios() {
        List<ScaleRow> derived = ScaleReport.derivedRows(rows());
        assertFalse(derived.isEmpty());
        for (ScaleRow r : derived) {
            assertEquals(r.section().equals("ratios"), r.measured(), r.section() + " " + r.metric());
        }
        ScaleRow warm = derived.stream().filter(r -> r.section().equals("ratios") && r.n() == 1000
                && r.variant().equals("3-slot vs ecdsa (revoked 1%)")).findFirst().orElseThrow();
        assertEquals(0.012 / 0.006, warm.value(), 1e-9);
        // The fit of the 1-slot RLP bytes extrapolated to 10^7.
        ScaleRow rlp = derived.stream().filter(r -> r.section().equals("fits") && r.metric().equals(ScaleMetrics.PROOF_BYTES_RLP)
                && r.variant().equals("1-slot") && r.n() == ScaleAnalysis.GOAL_N).findFirst().orElseThrow();
        assertEquals(400 + 532 * Math.log(1e7) / Math.log(16), rlp.value(), 1e-6);
        // Passing derived rows back in does not print them twice.
        List<ScaleRow> both = new ArrayList<>(rows());
        both.addAll(derived);
        assertEquals(derived.size(), ScaleReport.derivedRows(both).size());
    }

    @Test
    void jsonAndCsvCarryEveryRowAndTheEnvironment(@TempDir Path dir) throws Exception {
        List<ScaleRow> rows = rows();
        ScaleResultsFiles.writeJson(dir.resolve("results.json"), ENV, "bcpki eval scale --out x",
                List.of(new ScaleSource("bcpki eval scale --out x", List.of(1000L), ENV)), rows);
        ScaleResultsFiles.writeCsv(dir.resolve("results.csv"), rows);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertEquals("test CPU", json.get("environment").get("cpuModel").asText());
        assertEquals("bcpki eval scale --out x", json.get("command").asText());
        assertFalse(json.has("sources"), "one run: its environment is the source");
        assertEquals(rows.size(), json.get("rows").size());
        JsonNode first = json.get("rows").get(0);
        for (String field : List.of("section", "metric", "system", "variant", "n", "gateways", "revokedPercent", "unit",
                "value", "summary", "measured", "note")) {
            assertTrue(first.has(field), field);
        }
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(rows.size() + 1, csv.size());
        assertEquals(ScaleResultsFiles.CSV_HEADER, csv.getFirst());
        assertTrue(csv.get(1).startsWith("cold check,proof bytes per cold check (RLP nodes),chain,3-slot,1000,0,1,bytes,"));
        assertTrue(csv.stream().anyMatch(line -> line.contains(",3,0.005,0.006,0.009,0.009,0.009,")),
                "a distribution's summary columns");
    }
}
