package org.bcpki.eval.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreshnessModelTest {

    @Test
    void chainFollowsEveryHeaderAndReprovesWhenTheRegistryChanged() {
        // 86400 headers × 600 B + 96 periods × (1 − e^(−225)) × 10 × 3000 B
        assertEquals(51_840_000 + 2_880_000, FreshnessModel.chainBytesPerDay(1, 600, 0.25, 3000, 900), 1e-3);
        // Per block at 0.25 changes/s: a re-proof in 1 − e^(−0.25) of the blocks.
        double perBlock = 86_400 * 600 + 86_400 * (1 - Math.exp(-0.25)) * 10 * 3000;
        assertEquals(perBlock, FreshnessModel.chainBytesPerDay(1, 600, 0.25, 3000, 1), 1e-3);
    }

    @Test
    void x509StrategiesByHand() {
        assertEquals(24_000_000, FreshnessModel.fullCrlBytesPerDay(1_000_000, 3600), 1e-6);
        assertEquals(1_000_000, FreshnessModel.fullCrlBytesPerDay(1_000_000, 86_400), 1e-6);
        assertEquals(1_000_000 + 23 * 2000, FreshnessModel.baseDeltaBytesPerDay(1_000_000, 2000, 3600), 1e-6);
        assertEquals(1_000_000, FreshnessModel.baseDeltaBytesPerDay(1_000_000, 2000, 86_400), 1e-6);
        assertEquals(1440 * 10 * (83 + 1500), FreshnessModel.ocspBytesPerDay(83, 1500, 60), 1e-6);
    }

    @Test
    void inputsComeFromTheLargestMeasuredN() {
        List<ScaleRow> rows = List.of(
                ScaleRow.value("cold check", ScaleMetrics.PROOF_BYTES_GZIP, "chain", "1-slot", 1000, 0, 1, "bytes", 2000, ""),
                ScaleRow.value("cold check", ScaleMetrics.PROOF_BYTES_GZIP, "chain", "1-slot", 10_000, 0, 1, "bytes", 2500, ""),
                ScaleRow.value("header sync", ScaleMetrics.HEADER_BYTES, "chain", "", 10_000, 0, 0, "bytes", 640, ""),
                ScaleRow.value("x509 CA", ScaleMetrics.X509_FULL_CRL_BYTES, "x509", "", 10_000, 0, 5, "bytes", 20_000, ""),
                ScaleRow.value("x509 CA", ScaleMetrics.X509_FULL_CRL_BYTES, "x509", "", 10_000, 0, 1, "bytes", 4_000, ""),
                ScaleRow.value("x509 CA", ScaleMetrics.X509_OCSP_RESPONSE_BYTES, "x509", "ecdsa", 10_000, 0, 1, "bytes", 500, ""));
        FreshnessModel.Inputs in = FreshnessModel.fromRows(rows, 0.2);
        assertEquals(10_000, in.n());
        assertEquals(Map.of("1-slot", 2500.0), in.reproveBytes());
        assertTrue(in.reproveSource().contains("cold check"));
        assertEquals(640, in.headerBytes());
        assertEquals(4_000, in.fullCrlBytes(), "the CRL at the revoked share closest to 1 %");
        assertEquals(null, in.deltaCrlBytes());
        assertEquals(FreshnessModel.OCSP_REQUEST_BYTES_DER, in.ocspRequestBytes());

        List<ScaleRow> out = FreshnessModel.rows("freshness", in);
        // chain, full CRL and OCSP at each of the five stalenesses; no delta row without a delta measurement.
        assertEquals(3 * 5, out.size());
        out.forEach(r -> assertTrue(!r.measured() && r.metric().equals(ScaleMetrics.BYTES_PER_DAY_AT_STALENESS)));
        ScaleRow ocspHour = out.stream().filter(r -> r.variant().equals("1 h") && r.note().startsWith("OCSP")).findFirst()
                .orElseThrow();
        assertEquals(24 * 10 * (83 + 500), ocspHour.value(), 1e-6);
    }
}
