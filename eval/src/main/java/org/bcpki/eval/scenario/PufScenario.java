package org.bcpki.eval.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bcpki.eval.Charts;
import org.bcpki.eval.EvalResults;
import org.bcpki.eval.Metric;
import org.bcpki.puf.CodeParameters;
import org.bcpki.puf.FailureAnalysis;
import org.bcpki.puf.PufSimulation;
import org.bcpki.puf.SimulationConfig;
import org.bcpki.puf.SimulationReport;

/**
 * PUF key reconstruction failure rate against the bit error rate (puf-attest's SRAM-PUF simulator
 * and fuzzy extractor, rep7 + BCH(255,131,t=18) × 2): Monte-Carlo trials (enroll, noisy read,
 * reconstruct, compare) where failures are observable, and the closed form for the whole range.
 * Where no failure is observed the reported rate is the 95 % upper bound (3 / trials).
 */
public final class PufScenario implements Scenario {
    static final String SECTION = "PUF reconstruction";
    private static final double[] MONTE_CARLO_BERS = {0.10, 0.15, 0.18, 0.20, 0.22, 0.25};

    @Override
    public String name() {
        return "puf";
    }

    @Override
    public int steps(EvalContext context) {
        return MONTE_CARLO_BERS.length;
    }

    @Override
    public void run(EvalContext context, EvalResults results) throws Exception {
        int devices = context.quick() ? 20 : 100;
        long trials = context.quick() ? 10_000 : 100_000;
        List<Double> observedX = new ArrayList<>();
        List<Double> observedY = new ArrayList<>();
        for (double ber : MONTE_CARLO_BERS) {
            context.progress().step(String.format("puf: BER %.2f", ber));
            SimulationReport r = PufSimulation.run(SimulationConfig.of(devices, ber, trials, "bcpki-eval"));
            String label = String.format("BER %.0f %%", ber * 100);
            if (r.wrongKeys() != 0) {
                throw new IllegalStateException("PUF reconstruction returned a wrong key at " + label);
            }
            if (r.failures() > 0) {
                results.add(Metric.value(SECTION, "failure rate, observed, " + label, "chain", "rate", r.failureRate(),
                        r.failures() + " of " + r.trials() + " reconstructions, " + devices + " devices"));
                observedX.add(ber);
                observedY.add(r.failureRate());
            } else {
                results.add(Metric.value(SECTION, "failure rate, 95 % upper bound (none observed), " + label, "chain", "rate",
                        3.0 / r.trials(), "0 of " + r.trials() + " reconstructions failed, " + devices + " devices"));
            }
            results.add(Metric.value(SECTION, "failure rate, closed form, " + label, "chain", "rate",
                    Math.max(r.analyticFailureRate(), Double.MIN_VALUE), "effective BER " + String.format("%.4f", r.effectiveBer())));
            context.progress().advance();
        }
        double[] x = new double[26];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.05 + i * 0.01;
            y[i] = Math.max(FailureAnalysis.failureProbability(CodeParameters.DEFAULT.code(), x[i]), 1e-45);
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("closed form", new double[][] {x, y});
        if (!observedX.isEmpty()) {
            series.put("observed (Monte-Carlo)", new double[][] {
                    observedX.stream().mapToDouble(Double::doubleValue).toArray(),
                    observedY.stream().mapToDouble(Double::doubleValue).toArray()});
        }
        context.addChart(Charts.lines(context.outDir(), "puf-failure-rate", "PUF key reconstruction failure vs bit error rate",
                "bit error rate", "failure rate", series, true));
    }
}
