package org.bcpki.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Besu's rpc-max-active-filters and rpc-filter-timeout-seconds, read from a node's config.toml. */
class FilterManagerConfigTest {
    @Test
    void besusDefaultsWhenAbsent() {
        FilterManager m = FilterManager.fromConfig(Map.of());
        assertEquals(1000, m.maxFilters());
        assertEquals(Duration.ofSeconds(120), m.timeout());
    }

    @Test
    void configuredValuesAndZeroForNoLimit() {
        FilterManager m = FilterManager.fromConfig(Map.of("rpc-max-active-filters", 7L, "rpc-filter-timeout-seconds", 600L));
        assertEquals(7, m.maxFilters());
        assertEquals(Duration.ofMinutes(10), m.timeout());
        assertEquals(Integer.MAX_VALUE, FilterManager.fromConfig(Map.of("rpc-max-active-filters", 0L)).maxFilters());
    }

    @Test
    void badValuesNameTheKey() {
        for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(Map.of("rpc-max-active-filters", -1L),
                Map.of("rpc-max-active-filters", "many"), Map.of("rpc-filter-timeout-seconds", 0L),
                Map.of("rpc-filter-timeout-seconds", true))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FilterManager.fromConfig(bad));
            assertTrue(e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
        }
    }
}
