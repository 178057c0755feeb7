package org.bcpki.eval.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bcpki.eval.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval scale --from}: a report built from runs that each measured other registry sizes. */
class ScaleCombineTest {
    private static final Environment SMALL_RUN = new Environment("CPU A", 2, 4L << 30, "Linux", "25", "vendor", "dev",
            "aaa111", "2026-12-07T07:00:00Z", 2.5);
    private static final Environment LARGE_RUN = new Environment("CPU B", 2, 4L << 30, "Linux", "25", "vendor", "dev",
            "bbb222", "2026-12-07T18:00:00Z", 1.0);

    @TempDir
    Path dir;

    /** Writes the synthetic rows at {@code sizes} as one run's files would be. */
    private Path run(String name, Environment env, List<Long> sizes) throws Exception {
        Path out = dir.resolve(name);
        List<ScaleRow> rows = ScaleReportTest.rows().stream().filter(r -> sizes.contains(r.n())).toList();
        String command = "bcpki eval scale --out " + name + " --sizes " + sizes;
        ScaleFiles.write(out, env, List.of(new ScaleSource(command, sizes, env)), rows, command);
        return out.resolve(ScaleEvaluation.RESULTS_JSON);
    }

    @Test
    void rowsOfTwoRunsMakeOneReportNamingEachRunsCommandAndMachine() throws Exception {
        Path small = run("small", SMALL_RUN, List.of(1000L, 10_000L));
        Path large = run("large", LARGE_RUN, List.of(100_000L));
        Path out = dir.resolve("combined");

        ScaleEvaluation.Outcome outcome = ScaleEvaluation.combine(out, List.of(large, small), "bcpki eval scale --from …");

        long measuredRows = ScaleReportTest.rows().size();
        assertEquals(measuredRows, outcome.rows().size(), "every measured row of both runs, once");
        String md = Files.readString(out.resolve(ScaleEvaluation.REPORT_MD));
        assertTrue(md.contains("Built from 2 runs"), md);
        assertTrue(md.indexOf("### Rows at N=1e3, N=1e4") < md.indexOf("### Rows at N=1e5"), "sources in size order");
        assertTrue(md.contains("| CPU | CPU A (2 cores) |") && md.contains("| CPU | CPU B (2 cores) |"));
        assertTrue(md.contains("| commit | aaa111 |") && md.contains("| commit | bbb222 |"));
        assertTrue(md.contains("N=1e3 | N=1e4 | N=1e5"), "one table over the sizes of both runs");

        JsonNode json = new ObjectMapper().readTree(out.resolve(ScaleEvaluation.RESULTS_JSON).toFile());
        assertEquals(2, json.get("sources").size());
        assertEquals("bcpki eval scale --from …", json.get("command").asText());
        // the derived rows are rebuilt from all sizes, not copied from either run
        int derived = ScaleReport.derivedRows(outcome.rows()).size();
        assertEquals(measuredRows + derived, json.get("rows").size());

        // A combined file combines again: its sources are kept, not flattened into one.
        Path more = run("more", LARGE_RUN, List.of(1_000_000L));
        ScaleEvaluation.combine(dir.resolve("again"), List.of(out.resolve(ScaleEvaluation.RESULTS_JSON), more), "again");
        JsonNode again = new ObjectMapper().readTree(dir.resolve("again").resolve(ScaleEvaluation.RESULTS_JSON).toFile());
        assertEquals(3, again.get("sources").size());
    }

    @Test
    void aSizeMeasuredTwiceOrAFileThatIsNoResultsIsRefusedWithoutWritingAnything() throws Exception {
        Path a = run("a", SMALL_RUN, List.of(1000L, 10_000L));
        Path b = run("b", LARGE_RUN, List.of(10_000L, 100_000L));
        Path out = dir.resolve("combined");
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> ScaleEvaluation.combine(out, List.of(a, b), "x"));
        assertTrue(twice.getMessage().contains("N=10000 is measured in both"), twice.getMessage());

        Path notResults = Files.writeString(dir.resolve("other.json"), "{\"rows\": 3}");
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> ScaleEvaluation.combine(out, List.of(a, notResults), "x"));
        assertTrue(other.getMessage().contains("is not an eval scale results.json"), other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScaleEvaluation.combine(out, List.of(a), "x"));
        assertTrue(!Files.exists(out), "nothing written");
    }

    @Test
    void aResultsFileWithoutItsCommandTakesItFromTheReportBesideIt() throws Exception {
        Path a = run("a", SMALL_RUN, List.of(1000L));
        ObjectMapper mapper = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(a.toFile());
        doc.remove("command");
        Files.writeString(a, mapper.writeValueAsString(doc));

        ScaleResultsFiles.Measured read = ScaleResultsFiles.readMeasured(a);
        assertEquals("bcpki eval scale --out a --sizes [1000]", read.sources().get(0).command());
        assertEquals(List.of(1000L), read.sources().get(0).sizes());
    }
}
