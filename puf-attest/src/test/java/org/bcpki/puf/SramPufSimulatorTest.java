package org.bcpki.puf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SramPufSimulatorTest {
    private static final int BITS = 20_000;

    @Test
    void theSeedFixesTheFingerprint() {
        SramPufSimulator a = SramPufSimulator.of("meter-a", SramPufModel.nominal(0.1), new SplittableRandom(1));
        SramPufSimulator again = SramPufSimulator.of("meter-a", SramPufModel.nominal(0.1), new SplittableRandom(2));
        SramPufSimulator b = SramPufSimulator.of("meter-b", SramPufModel.nominal(0.1), new SplittableRandom(1));
        assertEquals(a.reference(BITS), again.reference(BITS));
        assertEquals(a.reference(100), a.reference(BITS).slice(0, 100), "longer reads extend, never change, cells");
        double inter = a.reference(BITS).distance(b.reference(BITS)) / (double) BITS;
        assertEquals(0.5, inter, 0.02);
    }

    @Test
    void readsFlipAboutBerOfTheCells() {
        SramPufSimulator puf = SramPufSimulator.of("meter-c", SramPufModel.nominal(0.1), new SplittableRandom(3));
        double distance = puf.readBits(BITS).distance(puf.reference(BITS)) / (double) BITS;
        assertEquals(0.1, distance, 0.01);
    }

    @Test
    void biasSetsTheShareOfOnes() {
        SramPufSimulator puf = SramPufSimulator.of("meter-d", new SramPufModel(0.69, 0.05, 25, 0), new SplittableRandom(4));
        assertEquals(0.69, puf.reference(BITS).weight() / (double) BITS, 0.015);
    }

    @Test
    void temperatureAndAgingAddErrors() {
        SramPufModel nominal = SramPufModel.nominal(0.1);
        SramPufModel cold = nominal.at(-25, 0);
        SramPufModel old = nominal.at(25, 2);
        assertEquals(0.125, cold.readNoise(), 1e-9);
        assertEquals(0.1, old.readNoise(), 1e-9);
        assertEquals(0.024, old.agingDrift(), 1e-9);
        SramPufSimulator young = SramPufSimulator.of("meter-e", nominal, new SplittableRandom(5));
        SramPufSimulator aged = young.under(old);
        double drift = aged.reference(BITS).distance(young.reference(BITS)) / (double) BITS;
        assertEquals(old.agingDrift(), drift, 0.005);
        double total = aged.readBits(BITS).distance(young.reference(BITS)) / (double) BITS;
        assertEquals(0.119, total, 0.007, "two years add roughly 19 % more flips");
        double hot = young.under(nominal.at(70, 0)).readBits(BITS).distance(young.reference(BITS)) / (double) BITS;
        assertEquals(0.1225, hot, 0.007);
    }
}
