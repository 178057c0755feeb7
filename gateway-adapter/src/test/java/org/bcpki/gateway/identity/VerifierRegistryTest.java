package org.bcpki.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.Test;

class VerifierRegistryTest {
    private static final SubjectId METER = SubjectId.parse("1ESY1160000000");
    private static final byte[] SPKI = SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1)
            .encodePublicKey(SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1).fromSeed(new byte[32]).getPublic());
    private static final VerifierSettings SETTINGS = new VerifierSettings(List.of(), Path.of("anchor"),
            new Address(org.apache.tuweni.bytes.Bytes.wrap(new byte[20])), Path.of("."));

    @Test
    void theBuiltInRegistryHasBothVerifiersAndRefusesThemWithoutSettings() {
        VerifierRegistry registry = VerifierRegistry.builtIn();
        assertTrue(registry.has(VerifierRegistry.Source.X509));
        assertTrue(registry.has(VerifierRegistry.Source.CHAIN));
        IllegalArgumentException chain = assertThrows(IllegalArgumentException.class,
                () -> registry.create(TrustMode.CHAIN, SETTINGS));
        assertTrue(chain.getMessage().contains("RPC endpoints"), chain.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.create(TrustMode.X509, SETTINGS));
        assertTrue(e.getMessage().contains("trust anchor"), e.getMessage());
    }

    @Test
    void aModeWithoutItsVerifierSaysSo() {
        VerifierRegistry registry = new VerifierRegistry();
        for (TrustMode mode : TrustMode.values()) {
            VerifierUnavailableException e = assertThrows(VerifierUnavailableException.class,
                    () -> registry.create(mode, SETTINGS));
            assertTrue(e.getMessage().contains("not wired"), e.getMessage());
        }
    }

    @Test
    void bothModeNeedsBothSourcesAndFlagsDisagreements() {
        InMemoryGrantsTestDouble chain = new InMemoryGrantsTestDouble("chain").grant(METER, Role.METER, SPKI);
        InMemoryGrantsTestDouble x509 = new InMemoryGrantsTestDouble("x509").grant(METER, Role.METER, SPKI);
        VerifierRegistry registry = new VerifierRegistry().register(VerifierRegistry.Source.CHAIN, s -> chain);
        assertEquals(chain, registry.create(TrustMode.CHAIN, SETTINGS));
        assertThrows(VerifierUnavailableException.class, () -> registry.create(TrustMode.BOTH, SETTINGS));

        registry.register(VerifierRegistry.Source.X509, s -> x509);
        DualVerifier both = assertInstanceOf(DualVerifier.class, registry.create(TrustMode.BOTH, SETTINGS));
        IdentityVerdict agreed = both.verify(IdentityClaim.of(METER, Role.METER, SPKI));
        assertEquals(Decision.GRANTED, agreed.decision());
        assertFalse(agreed.evidence().contains(DualVerifier.DISAGREEMENT_MARK));

        x509.setStatus(METER, Decision.REVOKED); // the CRL knows something the chain does not (or vice versa)
        IdentityVerdict disagreed = both.verify(IdentityClaim.of(METER, Role.METER, SPKI));
        assertEquals(Decision.REVOKED, disagreed.decision(), "both must grant");
        assertTrue(disagreed.evidence().startsWith("DISAGREE chain=GRANTED"), disagreed.evidence());
        assertTrue(disagreed.evidence().contains("x509=REVOKED"), disagreed.evidence());
        assertEquals(1, both.disagreements());

        chain.setStale(true);
        assertEquals(Decision.STALE_VIEW, both.verify(IdentityClaim.of(METER, Role.METER, SPKI)).decision());
    }
}
