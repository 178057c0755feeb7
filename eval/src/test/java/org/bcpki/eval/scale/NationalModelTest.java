package org.bcpki.eval.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NationalModelTest {
    private final NationalModel.Country germany = NationalModel.Country.germany();

    @Test
    void germanyByHand() {
        assertEquals(5_000_000, germany.gateways());
        assertEquals(55_002_000, germany.subjects());
        // 50 M / 8 + 5 M / 7 + 2000 / 2
        assertEquals(6_250_000 + 5_000_000 / 7.0 + 1000, germany.grantsPerYear(), 1e-6);
        assertEquals(550_020, germany.revocationsPerYear(), 1e-6);
        assertEquals((6_250_000 + 5_000_000 / 7.0 + 1000 + 550_020) / 31_536_000, germany.registryChangesPerSecond(), 1e-12);
        // 1 % × (50 M × 4 y + 5 M × 3.5 y + 2000 × 1 y)
        assertEquals(2_175_020, germany.crlEntries(), 1e-6);
        assertEquals(50_000_000 / 900.0, germany.statusRequestsPerSecond(60), 1e-9);
        assertEquals(50_000_000 / 3600.0, germany.statusRequestsPerSecond(3600), 1e-9);
        assertEquals(31_536_000, germany.blocksPerYear(), 1e-9);
    }

    @Test
    void storageAndServersByHand() {
        double grants = 6_250_000 + 5_000_000 / 7.0 + 1000;
        assertEquals(31_536_000 * 1000.0 + grants * 8000 + 550_020 * 500.0,
                NationalModel.storagePerYear(germany, 1000, 8000, 500, true), 1e-3);
        assertEquals(grants * 8000 + 550_020 * 500.0, NationalModel.storagePerYear(germany, 1000, 8000, 500, false), 1e-3);
        assertEquals(28, NationalModel.serversNeeded(50_000_000 / 900.0, 2000));
        assertEquals(1, NationalModel.serversNeeded(2000, 2000));
    }

    @Test
    void rowsUseTheMeasuredRatesAndRetainedBytes() {
        List<ScaleRow> measured = List.of(
                ScaleRow.value("mirror under load", ScaleMetrics.MIRROR_PROOF_RATE, "chain", "", 1_000_000, 16, 0, "req/s", 1500, ""),
                ScaleRow.value("mirror under load", ScaleMetrics.MIRROR_PROOF_RATE, "chain", "", 1_000_000, 64, 0, "req/s", 2000, ""),
                ScaleRow.value("mirror under load", ScaleMetrics.MIRROR_PROOF_RATE, "chain", "", 1000, 64, 0, "req/s", 9000, ""),
                ScaleRow.value("x509 CA", ScaleMetrics.X509_OCSP_RATE, "x509", "presigned", 1_000_000, 64, 0, "req/s", 5000, ""),
                ScaleRow.value("storage", ScaleMetrics.RETAINED_PER_EMPTY_BLOCK, "chain", "", 1000, 0, 0, "bytes", 1000, ""),
                ScaleRow.value("storage", ScaleMetrics.RETAINED_PER_GRANT, "chain", "", 1000, 0, 0, "bytes", 8000, ""),
                ScaleRow.value("storage", ScaleMetrics.RETAINED_PER_REVOCATION, "chain", "", 1000, 0, 0, "bytes", 500, ""),
                ScaleRow.value("header sync", ScaleMetrics.HEADER_BYTES, "chain", "", 1000, 0, 0, "bytes", 600, ""));
        LeastSquaresFit gzip = LeastSquaresFit.log16(new double[] {16, 256}, new double[] {1000, 1500});
        List<ScaleRow> rows = NationalModel.rows(germany, measured, Map.of("1-slot", gzip), null);
        assertEquals(28, value(rows, ScaleMetrics.MIRRORS_NEEDED, "15 min"), "the best rate at the largest N: 2000/s");
        assertEquals(12, value(rows, ScaleMetrics.OCSP_RESPONDERS_NEEDED, "15 min / presigned"));
        assertEquals(7, value(rows, ScaleMetrics.MIRRORS_NEEDED, "1 h"));
        assertEquals(NationalModel.storagePerYear(germany, 1000, 8000, 500, false),
                value(rows, ScaleMetrics.STORAGE_PER_YEAR, "without empty blocks"), 1e-3);
        // gzip = 500 + 500·log16(N) at N = 55 002 000 ; headers 86400 × 600 B; re-proof per 15 min ~ certain
        double proof = 500 + 500 * Math.log(55_002_000) / Math.log(16);
        double expected = 86_400 * 600 + 96 * (1 - Math.exp(-germany.registryChangesPerSecond() * 900)) * 10 * proof;
        assertEquals(expected, rows.stream().filter(r -> r.metric().equals(ScaleMetrics.BYTES_PER_DAY_AT_STALENESS)
                && r.variant().equals("15 min") && r.system().equals("chain")).findFirst().orElseThrow().value(), 1e-3);
        rows.forEach(r -> assertEquals(false, r.measured()));
    }

    private static double value(List<ScaleRow> rows, String metric, String variant) {
        return rows.stream().filter(r -> r.metric().equals(metric) && r.variant().equals(variant)).findFirst()
                .orElseThrow(() -> new AssertionError(metric + " / " + variant)).value();
    }
}
