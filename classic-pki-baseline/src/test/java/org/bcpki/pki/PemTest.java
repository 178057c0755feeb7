package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.junit.jupiter.api.Test;

class PemTest {
    @Test
    void malformedCertificatesCsrsAndCrlsAreClearErrors() {
        byte[] junk = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.certificate(junk)).getMessage()
                .startsWith("malformed certificate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.certificate(new byte[] {0x30, 0x03, 1, 2, 3}))
                .getMessage().startsWith("malformed certificate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.csr("hello".getBytes())).getMessage()
                .startsWith("malformed PKCS#10"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.crl(new byte[0])).getMessage().startsWith("malformed CRL"));
    }

    @Test
    void anEmptyChainIsUnknown() {
        var anchor = ProfileCertificates.root(TestPki.ecKey(), Instant.now());
        var result = PathValidator.withCrlDistributionPoints(List.of(anchor)).validate(List.of(), Role.EMT, Instant.now());
        assertEquals(Decision.UNKNOWN, result.decision());
        assertEquals("no certificate given", result.reason());
    }
}
