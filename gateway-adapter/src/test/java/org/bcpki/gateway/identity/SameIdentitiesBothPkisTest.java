package org.bcpki.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.reading.CertificateChain;
import org.bcpki.pki.PkiAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison: the same identities, with the same facts recorded in both PKIs (grants and
 * certificates, revocations in the registry and on the CRL, expiry), get the same decision from the
 * chain verifier (light client on a sealed QBFT chain) and the X.509 verifier (SM-PKI, CRLs over
 * HTTP). {@code --trust both} asks both and finds no disagreement.
 */
class SameIdentitiesBothPkisTest {
    @TempDir
    Path dir;

    private record Case(String identity, Role claimed, KeyPair presented, CertificateChain chain) {}

    @Test
    void chainAndX509DecideAlikeForTheSameIdentities() throws Exception {
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1);
        try (ChainTestNetwork chain = ChainTestNetwork.start();
                ClassicPkiFixture pki = ClassicPkiFixture.start(dir.resolve("pki"), PkiAlgorithm.ECDSA,
                        Duration.ofHours(1))) {
            Map<Decision, Case> cases = new LinkedHashMap<>();
            KeyPair granted = suite.generate(new SecureRandom());
            chain.grant(SubjectId.parse("1ESY1160000000"), Role.METER, suite.encodePublicKey(granted.getPublic()));
            CertificateChain grantedCert = pki.certify("1ESY1160000000", Role.METER, granted);
            cases.put(Decision.GRANTED, new Case("1ESY1160000000", Role.METER, granted, grantedCert));
            cases.put(Decision.WRONG_KEY, new Case("1ESY1160000000", Role.METER, suite.generate(new SecureRandom()),
                    grantedCert));
            cases.put(Decision.WRONG_ROLE, new Case("1ESY1160000000", Role.EMT, granted, grantedCert));

            KeyPair revoked = suite.generate(new SecureRandom());
            chain.revoke(SubjectId.parse("1ESY1160000001"), Role.METER, suite.encodePublicKey(revoked.getPublic()));
            CertificateChain revokedCert = pki.certify("1ESY1160000001", Role.METER, revoked);
            pki.revoke(revokedCert);
            cases.put(Decision.REVOKED, new Case("1ESY1160000001", Role.METER, revoked, revokedCert));

            KeyPair expired = suite.generate(new SecureRandom());
            chain.grant(SubjectId.parse("1ESY1160000002"), Role.METER, suite.encodePublicKey(expired.getPublic()),
                    1_650_000_000L); // before the chain's blocks
            Instant past = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
            cases.put(Decision.EXPIRED, new Case("1ESY1160000002", Role.METER, expired,
                    pki.certify("1ESY1160000002", Role.METER, expired, past, past.plus(Duration.ofDays(1)))));

            KeyPair unknown = suite.generate(new SecureRandom());
            cases.put(Decision.UNKNOWN, new Case("1ESY1160000003", Role.METER, unknown, null));

            KeyPair emt = suite.generate(new SecureRandom());
            chain.grant(SubjectId.parse("stadtwerke-nord.emt"), Role.EMT, suite.encodePublicKey(emt.getPublic()));
            CertificateChain emtCert = pki.certify("stadtwerke-nord.emt", Role.EMT, emt);
            chain.mine();

            try (ChainVerifier chainVerifier = ChainVerifier.start(
                    chain.settings(dir.resolve("anchor.json"), dir.resolve("store")), chain.mirrorSettings(),
                    Duration.ofMillis(200));
                    DualVerifier both = new DualVerifier(chainVerifier, X509Verifier.fromSettings(pki.settings()))) {
                for (Map.Entry<Decision, Case> entry : cases.entrySet()) {
                    Case c = entry.getValue();
                    IdentityVerdict verdict = both.verify(new IdentityClaim(SubjectId.parse(c.identity()), c.claimed(),
                            suite.encodePublicKey(c.presented().getPublic()),
                            c.chain() == null ? List.of() : c.chain().certificates()));
                    assertEquals(entry.getKey(), verdict.decision(), c.identity() + ": " + verdict.evidence());
                    assertFalse(verdict.evidence().startsWith(DualVerifier.DISAGREEMENT_MARK), verdict.evidence());
                }
                IdentityVerdict emtVerdict = both.verify(new IdentityClaim(SubjectId.parse("stadtwerke-nord.emt"),
                        Role.EMT, suite.encodePublicKey(emt.getPublic()), emtCert.certificates()));
                assertEquals(Decision.GRANTED, emtVerdict.decision(), emtVerdict.evidence());
                assertEquals(0, both.disagreements());
            }
        }
    }
}
