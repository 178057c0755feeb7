package org.bcpki.pki.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe measures what it says on a small point: real CRLs and responses, every kind of row present. */
class X509ScaleProbeTest {
    @Test
    void aQuickProbeReportsEveryMeasurement() throws Exception {
        X509ScaleProbe.Result result = X509ScaleProbe.run(new X509ScaleProbe.Config(2_000, 5, 10, 4, X509ScaleProbe.Mode.QUICK));
        assertEquals(2, result.crls().size());
        for (X509ScaleProbe.CrlCost crl : result.crls()) {
            assertEquals(100, crl.fullEntries());
            assertEquals(10, crl.deltaEntries());
            assertTrue(crl.fullCrlBytes() > crl.deltaCrlBytes(), crl.toString());
            assertTrue(crl.fullCrlBytes() > 100 * 20, "every entry takes at least its serial and date: " + crl);
        }
        int ecdsa = size(result, "ecdsa");
        int mldsa = size(result, "mldsa65");
        assertTrue(mldsa > ecdsa + 3000, "an ML-DSA-65 signature is 3,309 bytes: " + ecdsa + " vs " + mldsa);
        assertEquals(List.of("ecdsa/per-request", "ecdsa/presigned", "mldsa65/per-request", "mldsa65/presigned"),
                result.ocspLoads().stream().map(load -> load.variant() + "/" + load.responder()).toList());
        for (X509ScaleProbe.OcspLoad load : result.ocspLoads()) {
            assertTrue(load.requests() > 0 && load.requestsPerSecond() > 0, load.toString());
            assertEquals(4, load.clients());
            assertTrue(!load.boundBy().isBlank());
        }
        assertEquals(List.of("mldsa/crl-index", "mldsa/ocsp-cache", "ecdsa/crl-index", "ecdsa/ocsp-cache"),
                result.validations().stream().map(v -> v.hierarchy() + "/" + v.revocation()).toList());
    }

    @Test
    void configurationsBeyondTheProbesRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new X509ScaleProbe.Config(10_000_000, 5, 10, 4, X509ScaleProbe.Mode.QUICK));
        assertThrows(IllegalArgumentException.class, () -> new X509ScaleProbe.Config(1_000, 101, 10, 4, X509ScaleProbe.Mode.QUICK));
        assertThrows(IllegalArgumentException.class, () -> new X509ScaleProbe.Config(1_000, 5, 10, 0, X509ScaleProbe.Mode.QUICK));
    }

    private static int size(X509ScaleProbe.Result result, String variant) {
        return result.ocspSizes().stream().filter(s -> s.variant().equals(variant)).findFirst().orElseThrow().responseBytes();
    }
}
