package org.bcpki.puf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bcpki.puf.ecc.BchCode;
import org.bcpki.puf.ecc.ConcatenatedCode;
import org.junit.jupiter.api.Test;

class PufSimulationTest {
    @Test
    void binomialTailMatchesDirectSums() {
        assertEquals(1 - Math.pow(0.9, 7), FailureAnalysis.binomialTail(7, 0.1, 1), 1e-12);
        // P[Bin(7, 0.1) >= 4] = 35 p^4 q^3 + 21 p^5 q^2 + 7 p^6 q + p^7
        double p = 0.1;
        double q = 0.9;
        double expected = 35 * Math.pow(p, 4) * Math.pow(q, 3) + 21 * Math.pow(p, 5) * q * q + 7 * Math.pow(p, 6) * q + Math.pow(p, 7);
        assertEquals(expected, FailureAnalysis.binomialTail(7, 0.1, 4), 1e-15);
        assertEquals(0, FailureAnalysis.binomialTail(7, 0.1, 8));
    }

    @Test
    void analyticFailureRatesAgreeWithThePublishedTable() {
        // sm-pki-and-crypto.md: rep7 + BCH(255,131,t=18), 3570 raw bits -> 1.1e-9 at BER 15 %
        ConcatenatedCode standard = CodeParameters.DEFAULT.code();
        double at15 = FailureAnalysis.failureProbability(standard, 0.15);
        assertTrue(at15 > 0.5e-9 && at15 < 2.5e-9, "rep7+BCH(255,131)x2 at 15 %: " + at15);
        assertTrue(FailureAnalysis.failureProbability(standard, 0.10) < 1e-15);
        // rep7 + BCH(127,64,t=10), 2667 raw bits (3 blocks) -> 3e-13 at 10 %, 1.5e-6 at 15 %
        ConcatenatedCode small = new ConcatenatedCode(7, BchCode.of(7, 10), 3);
        double small10 = FailureAnalysis.failureProbability(small, 0.10);
        double small15 = FailureAnalysis.failureProbability(small, 0.15);
        assertTrue(small10 > 1e-13 && small10 < 1e-12, "at 10 %: " + small10);
        assertTrue(small15 > 0.7e-6 && small15 < 3e-6, "at 15 %: " + small15);
    }

    @Test
    void residualEntropyCountsLeakage() {
        ConcatenatedCode standard = CodeParameters.DEFAULT.code();
        assertEquals(262, FailureAnalysis.residualEntropyBits(standard, 0.5), 1e-9);
        double biased = FailureAnalysis.residualEntropyBits(standard, 0.55);
        assertTrue(biased < 262 && biased >= 0, "bias leaks entropy through the repetition layer: " + biased);
    }

    @Test
    void smallRunEnrollsDistinctDevicesAndReconstructsEveryTime() {
        SimulationReport report = PufSimulation.run(SimulationConfig.of(12, 0.10, 600, "unit"));
        assertEquals(12, report.devices());
        assertEquals(600, report.trials());
        assertEquals(0, report.failures());
        assertEquals(0, report.wrongKeys());
        assertEquals(12, report.uniqueKeys());
        assertEquals(3570, report.helperDataBits());
        assertEquals(262, report.secretBits());
        assertEquals(report.effectiveBer(), report.meanIntraDistance(), 0.005);
        assertEquals(0.5, report.meanInterDistance(), 0.02);
    }

    @Test
    void atVeryHighNoiseTheObservedFailureRateMatchesTheAnalysis() {
        SimulationReport report = PufSimulation.run(SimulationConfig.of(4, 0.25, 400, "noisy"));
        assertTrue(report.analyticFailureRate() > 0.3, "analytic " + report.analyticFailureRate());
        assertEquals(report.analyticFailureRate(), report.failureRate(), 0.1);
        assertEquals(0, report.wrongKeys(), "failures are detected, never wrong keys");
    }

    @Test
    void agingAndTemperatureRaiseTheDistanceToTheEnrollment() {
        SimulationReport report = PufSimulation.run(new SimulationConfig(3, 0.10, 300, "aged", 0.5, 70, 2,
                15, CodeParameters.DEFAULT, 1));
        // 0.1 + 45 K × 0.0005 = 0.1225 read noise, XOR 0.024 drift
        assertEquals(0.1406, report.effectiveBer(), 0.0005);
        assertEquals(report.effectiveBer(), report.meanIntraDistance(), 0.006);
        assertEquals(0, report.failures());
    }

    @Test
    void deterministicForASeed() {
        SimulationReport a = PufSimulation.run(SimulationConfig.of(3, 0.22, 90, "same"));
        SimulationReport b = PufSimulation.run(SimulationConfig.of(3, 0.22, 90, "same"));
        assertEquals(a.failures(), b.failures());
        assertEquals(a.meanIntraDistance(), b.meanIntraDistance(), 1e-12);
    }
}
