package org.bcpki.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.eval.scenario.EvalContext;
import org.bcpki.eval.scenario.PostQuantumScenario;
import org.bcpki.eval.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
    @Test
    void summaryUsesNearestRankPercentiles() {
        double[] samples = new double[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i; // unsorted on purpose
        }
        Summary s = Summary.of(samples);
        assertEquals(1, s.min());
        assertEquals(50, s.p50());
        assertEquals(95, s.p95());
        assertEquals(99, s.p99());
        assertEquals(100, s.max());
        assertEquals(50.5, s.mean(), 1e-9);
        assertEquals(7, Summary.of(new double[] {7}).p99());
    }

    @Test
    void writesEveryFormatWithEveryMetric(@TempDir Path out) throws Exception {
        // A scenario of our own making keeps this test fast; the real ones are run below in quick mode.
        Scenario fixed = new Scenario() {
            public String name() { return "fixed"; }
            public int steps(EvalContext c) { return 1; }
            public void run(EvalContext c, EvalResults r) throws Exception {
                r.add(Metric.value("Storage", "bytes, per grant", "chain", "bytes", 1234, "a, quoted \"note\""));
                r.add(Metric.distribution("Latency", "check", "x509", "ms", Summary.of(new double[] {1, 2, 3}), null));
                c.addChart(Charts.bars(c.outDir(), "fixed", "t", "ms", java.util.Map.of("check", 2.0), false));
            }
        };
        Evaluation.Outcome outcome = Evaluation.run(out, true, List.of(), List.of(fixed), false);
        assertEquals(List.of("fixed"), outcome.scenarios());

        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(2, json.get("metrics").size());
        assertTrue(json.get("environment").get("cores").asInt() > 0);
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, csv.size());
        assertTrue(csv.get(1).endsWith("\"a, quoted \"\"note\"\"\""), csv.get(1));
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("## Storage") && report.contains("## Latency") && report.contains("![fixed.png]"), report);
        assertTrue(Files.size(out.resolve("fixed.png")) > 1000);
    }

    @Test
    void postQuantumScenarioMeasuresEveryAlgorithm(@TempDir Path out) throws Exception {
        Evaluation.Outcome outcome = Evaluation.run(out, true, List.of(), List.of(new PostQuantumScenario()), false);
        List<Metric> metrics = outcome.results().metrics();
        assertEquals(4 * KeyAlgorithm.values().length, metrics.size());
        for (Metric metric : metrics) {
            assertTrue(metric.value() > 0, metric + " must be positive");
        }
        Metric mlDsa65 = metrics.stream().filter(m -> m.name().equals("ML-DSA-65 signature")).findFirst().orElseThrow();
        assertEquals(3309, mlDsa65.value());
        assertTrue(Files.exists(out.resolve("pqc-verify-ms.png")));
    }
}
