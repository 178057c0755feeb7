package org.bcpki.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.reading.CertificateChain;
import org.bcpki.pki.PkiAlgorithm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The X.509 verifier against a real SM-PKI with its CRLs served over loopback HTTP. */
class X509VerifierTest {
    private static final String METER = "1ESY1160000000";
    private static final String OTHER_METER = "1ESY1160000001";
    private static final String EMT = "stadtwerke-nord.emt";
    private static final Duration CRL_VALIDITY = Duration.ofSeconds(3);

    @TempDir
    static Path dir;
    private static ClassicPkiFixture pki;
    private static X509Verifier verifier;

    @BeforeAll
    static void startPki() {
        pki = ClassicPkiFixture.start(dir.resolve("pki"), PkiAlgorithm.ECDSA, CRL_VALIDITY);
        verifier = X509Verifier.fromSettings(pki.settings());
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    private static KeyPair newKey() {
        return SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1).generate(new SecureRandom());
    }

    private static byte[] spki(KeyPair key) {
        return SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1).encodePublicKey(key.getPublic());
    }

    private static IdentityVerdict check(String identity, Role role, KeyPair key, CertificateChain chain) {
        return verifier.verify(new IdentityClaim(SubjectId.parse(identity), role, spki(key),
                chain == null ? List.of() : chain.certificates()));
    }

    @Test
    void grantsACertifiedMeterWithItsKeyAndSaysWhy() {
        KeyPair key = newKey();
        CertificateChain chain = pki.certify(METER, Role.METER, key);
        IdentityVerdict verdict = check(METER, Role.METER, key, chain);
        assertEquals(Decision.GRANTED, verdict.decision(), verdict.evidence());
        assertTrue(verdict.evidence().contains(METER + ".LMN > LMN-Sub.CA > SM-Test-Root.CA"), verdict.evidence());
    }

    @Test
    void aLeafAloneIsEnoughWhenTheGatewayHoldsTheSubCa() throws Exception {
        KeyPair key = newKey();
        CertificateChain chain = pki.certify(METER, Role.METER, key);
        CertificateChain leafOnly = new CertificateChain(List.of(chain.certificates().get(0)));
        assertEquals(Decision.UNKNOWN, check(METER, Role.METER, key, leafOnly).decision(), "no path without the sub-CA");
        Path subCa = ClassicPkiFixture.writePem(dir.resolve("lmn-sub.pem"),
                new CertificateChain(List.of(chain.certificates().get(1))));
        X509Verifier withIntermediates = X509Verifier.fromSettings(
                new X509Settings(pki.settings().anchors(), List.of(subCa), List.of(), null));
        IdentityVerdict verdict = withIntermediates.verify(new IdentityClaim(SubjectId.parse(METER), Role.METER,
                spki(key), leafOnly.certificates()));
        assertEquals(Decision.GRANTED, verdict.decision(), verdict.evidence());
    }

    @Test
    void aRevokedMeterIsRejectedOnceTheCachedCrlExpires() throws Exception {
        KeyPair key = newKey();
        CertificateChain chain = pki.certify("1ESY1160000007", Role.METER, key);
        assertEquals(Decision.GRANTED, check("1ESY1160000007", Role.METER, key, chain).decision());
        pki.revoke(chain);
        Instant revoked = Instant.now();
        IdentityVerdict verdict = check("1ESY1160000007", Role.METER, key, chain);
        while (verdict.decision() == Decision.GRANTED
                && Duration.between(revoked, Instant.now()).compareTo(CRL_VALIDITY.plusSeconds(3)) < 0) {
            Thread.sleep(200);
            verdict = check("1ESY1160000007", Role.METER, key, chain);
        }
        assertEquals(Decision.REVOKED, verdict.decision(), verdict.evidence());
        assertTrue(verdict.evidence().contains("CRL"), verdict.evidence());
    }

    @Test
    void withOcspARevocationCountsAtOnce() {
        X509Verifier ocsp = X509Verifier.fromSettings(
                new X509Settings(pki.settings().anchors(), List.of(), List.of(), pki.ocspUrl()));
        KeyPair key = newKey();
        CertificateChain chain = pki.certify("1ESY1160000009", Role.METER, key);
        IdentityClaim claim = new IdentityClaim(SubjectId.parse("1ESY1160000009"), Role.METER, spki(key),
                chain.certificates());
        assertEquals(Decision.GRANTED, ocsp.verify(claim).decision());
        pki.revoke(chain);
        IdentityVerdict verdict = ocsp.verify(claim);
        assertEquals(Decision.REVOKED, verdict.decision(), verdict.evidence());
        assertTrue(verdict.evidence().contains("OCSP"), verdict.evidence());
    }

    @Test
    void anExpiredCertificateIsExpired() {
        KeyPair key = newKey();
        Instant past = Instant.now().minus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        CertificateChain chain = pki.certify("1ESY1160000008", Role.METER, key, past, past.plus(Duration.ofDays(1)));
        assertEquals(Decision.EXPIRED, check("1ESY1160000008", Role.METER, key, chain).decision());
    }

    @Test
    void anEmtCertificateDoesNotMakeAMeterAndViceVersa() {
        KeyPair key = newKey();
        CertificateChain emt = pki.certify(EMT, Role.EMT, key);
        assertEquals(Decision.GRANTED, check(EMT, Role.EMT, key, emt).decision());
        assertEquals(Decision.WRONG_ROLE, check(EMT, Role.METER, key, emt).decision());
        KeyPair meterKey = newKey();
        CertificateChain meter = pki.certify(METER, Role.METER, meterKey);
        assertEquals(Decision.WRONG_ROLE, check(METER, Role.EMT, meterKey, meter).decision());
    }

    @Test
    void anotherMetersCertificateOrAnotherKeyIsNotThisMeter() {
        KeyPair key = newKey();
        CertificateChain other = pki.certify(OTHER_METER, Role.METER, key);
        IdentityVerdict verdict = check(METER, Role.METER, key, other);
        assertEquals(Decision.UNKNOWN, verdict.decision());
        assertTrue(verdict.evidence().contains("names " + OTHER_METER + ".LMN"), verdict.evidence());

        CertificateChain mine = pki.certify(METER, Role.METER, key);
        assertEquals(Decision.WRONG_KEY, check(METER, Role.METER, newKey(), mine).decision());
    }

    @Test
    void nothingOrGarbageOrAStrangersPkiIsUnknown() {
        KeyPair key = newKey();
        assertEquals(Decision.UNKNOWN, check(METER, Role.METER, key, null).decision());
        assertEquals(Decision.UNKNOWN, verifier.verify(new IdentityClaim(SubjectId.parse(METER), Role.METER, spki(key),
                List.of(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}))).decision());
        try (ClassicPkiFixture stranger = ClassicPkiFixture.start(dir.resolve("stranger"), PkiAlgorithm.ECDSA,
                CRL_VALIDITY)) {
            CertificateChain foreign = stranger.certify(METER, Role.METER, key);
            IdentityVerdict verdict = check(METER, Role.METER, key, foreign);
            assertEquals(Decision.UNKNOWN, verdict.decision(), verdict.evidence());
        }
    }

    @Test
    void mlDsaHierarchyWorksToo() {
        try (ClassicPkiFixture pq = ClassicPkiFixture.start(dir.resolve("pq"), PkiAlgorithm.MLDSA, CRL_VALIDITY)) {
            KeyPair key = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).generate(new SecureRandom());
            CertificateChain chain = pq.certify(METER, Role.METER, key);
            X509Verifier pqVerifier = X509Verifier.fromSettings(pq.settings());
            List<byte[]> certificates = new ArrayList<>(chain.certificates());
            IdentityVerdict verdict = pqVerifier.verify(new IdentityClaim(SubjectId.parse(METER), Role.METER,
                    SignatureSuite.of(KeyAlgorithm.ML_DSA_65).encodePublicKey(key.getPublic()), certificates));
            assertEquals(Decision.GRANTED, verdict.decision(), verdict.evidence());
        }
    }

    @Test
    void unusableSettingsAreRefusedClearly() {
        assertEquals("the X.509 verifier needs a trust anchor (root CA certificate)",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> X509Verifier.fromSettings(X509Settings.none())).getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> X509Verifier.fromSettings(
                new X509Settings(List.of(dir.resolve("missing.pem")), List.of(), List.of(), null)));
    }
}
