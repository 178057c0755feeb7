package org.bcpki.eval.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleOptionsTest {
    @Test
    void defaultsAndScientificNotation() {
        ScaleOptions options = ScaleOptions.parse(null, null, null, false);
        assertEquals(List.of(1_000L, 10_000L, 100_000L, 1_000_000L), options.sizes());
        assertEquals(List.of(1, 10, 100, 1000), options.gateways());
        assertEquals(List.of(0.1, 1.0, 5.0), options.revokedPercents());
        assertEquals(List.of(2_500L, 30_000L), ScaleOptions.parse("3E4,2.5e3", "1", "1", false).sizes());
    }

    @Test
    void quickKeepsSmallSizesFewGatewaysOneRate() {
        ScaleOptions quick = ScaleOptions.parse(null, null, null, true);
        assertEquals(List.of(1_000L, 10_000L), quick.sizes());
        assertEquals(List.of(1, 10), quick.gateways());
        assertEquals(List.of(1.0), quick.revokedPercents());
    }

    @Test
    void badValuesNameTheOption() {
        for (String[] bad : new String[][] {{"0", "1", "1"}, {"-1", "1", "1"}, {"abc", "1", "1"}, {"1.5", "1", "1"},
                {"1e3,", "1", "1"}, {"1e3", "0", "1"}, {"1e3", "1", "100.5"}, {"1e3", "1", "-0.1"}, {"1e3", "1", "x"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ScaleOptions.parse(bad[0], bad[1], bad[2], false));
            assertTrue(e.getMessage().startsWith("--"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ScaleOptions.parse("1e5", "1", "1", true));
    }
}
