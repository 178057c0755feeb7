package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

/** The relying party's CRL index: delta CRLs applied to their base by the RFC 5280 rules, forged CRLs refused. */
class RevocationIndexTest {
    private static final String DELTA_URL = "http://127.0.0.1:1/crl/root-delta.crl";
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final CertificateAuthority ca = ca();
    private final X509CertificateHolder issuer = ca.certificate();
    private final BigInteger early = ProfileCertificates.randomSerial();
    private final BigInteger late = ProfileCertificates.randomSerial();

    @Test
    void aSerialRevokedInTheDeltaIsRevokedAfterApplyingIt() {
        RevocationIndex index = new RevocationIndex();
        assertEquals(RevocationIndex.Applied.BASE, index.applyBase(base(1, List.of(early)), issuer));
        // The base names a delta: until one is applied, the base alone is not current.
        assertEquals(RevocationIndex.State.STALE, index.lookup(issuer, late, now).state());
        assertEquals(RevocationIndex.Applied.DELTA, index.applyDelta(delta(2, 1, List.of(late)), issuer));
        assertEquals(RevocationIndex.State.REVOKED, index.lookup(issuer, late, now).state());
        assertEquals(RevocationIndex.State.REVOKED, index.lookup(issuer, early, now).state());
        assertEquals(RevocationIndex.State.GOOD, index.lookup(issuer, ProfileCertificates.randomSerial(), now).state());
    }

    @Test
    void aDeltaWhoseBaseIsNewerThanTheCachedBaseIsNotApplied() {
        RevocationIndex index = new RevocationIndex();
        index.applyBase(base(1, List.of(early)), issuer);
        X509CRLHolder delta = delta(4, 3, List.of(late));
        assertEquals(RevocationIndex.Applied.NEEDS_NEWER_BASE, index.applyDelta(delta, issuer));
        assertNull(index.deltaNumber(issuer));
        assertEquals(RevocationIndex.State.STALE, index.lookup(issuer, late, now).state());
        // After fetching the newer base, the same delta applies.
        assertEquals(RevocationIndex.Applied.BASE, index.applyBase(base(3, List.of(early)), issuer));
        assertEquals(RevocationIndex.Applied.DELTA, index.applyDelta(delta, issuer));
        assertEquals(RevocationIndex.State.REVOKED, index.lookup(issuer, late, now).state());
    }

    @Test
    void aDeltaWithoutAnyCachedBaseNeedsTheBase() {
        RevocationIndex index = new RevocationIndex();
        assertEquals(RevocationIndex.Applied.NEEDS_NEWER_BASE, index.applyDelta(delta(2, 1, List.of(late)), issuer));
        assertEquals(RevocationIndex.State.MISSING, index.lookup(issuer, late, now).state());
    }

    @Test
    void aForgedBaseIsRefusedAndChangesNothing() {
        RevocationIndex index = new RevocationIndex();
        CertificateAuthority forger = new CertificateAuthority(null, issuer, ca().privateKey()); // same name, other key
        assertThrows(CrlIndex.InvalidCrl.class, () -> index.applyBase(
                CrlBuilder.complete(forger, revocations(List.of(early)), now, now.plusSeconds(3600), BigInteger.ONE, null), issuer));
        assertEquals(RevocationIndex.State.MISSING, index.lookup(issuer, early, now).state());

        index.applyBase(base(1, List.of()), issuer);
        index.applyDelta(delta(2, 1, List.of()), issuer);
        assertThrows(CrlIndex.InvalidCrl.class, () -> index.applyBase(
                CrlBuilder.complete(forger, revocations(List.of(early)), now, now.plusSeconds(3600), BigInteger.TEN, DELTA_URL), issuer));
        assertEquals(BigInteger.ONE, index.baseNumber(issuer));
        assertEquals(RevocationIndex.State.GOOD, index.lookup(issuer, early, now).state());
    }

    @Test
    void aForgedDeltaIsRefusedAndChangesNothing() {
        RevocationIndex index = new RevocationIndex();
        index.applyBase(base(1, List.of()), issuer);
        index.applyDelta(delta(2, 1, List.of()), issuer);
        CertificateAuthority forger = new CertificateAuthority(null, issuer, ca().privateKey());
        X509CRLHolder forged = CrlBuilder.delta(forger, revocations(List.of(late)), now, now.plusSeconds(600), BigInteger.valueOf(3),
                BigInteger.ONE);
        assertThrows(CrlIndex.InvalidCrl.class, () -> index.applyDelta(forged, issuer));
        // A genuine delta with one bit of its signature flipped is refused too.
        byte[] der = Pem.der(delta(3, 1, List.of(late)));
        der[der.length - 3] ^= 0x01;
        assertThrows(CrlIndex.InvalidCrl.class, () -> index.applyDelta(Pem.crl(der), issuer));
        assertEquals(BigInteger.TWO, index.deltaNumber(issuer));
        assertEquals(RevocationIndex.State.GOOD, index.lookup(issuer, late, now).state());
    }

    @Test
    void olderCrlsDoNotRollTheIndexBack() {
        RevocationIndex index = new RevocationIndex();
        index.applyBase(base(5, List.of(early)), issuer);
        assertEquals(RevocationIndex.Applied.NOT_NEWER, index.applyBase(base(3, List.of()), issuer));
        index.applyDelta(delta(7, 5, List.of(late)), issuer);
        assertEquals(RevocationIndex.Applied.NOT_NEWER, index.applyDelta(delta(6, 5, List.of()), issuer));
        assertEquals(RevocationIndex.State.REVOKED, index.lookup(issuer, early, now).state());
        assertEquals(RevocationIndex.State.REVOKED, index.lookup(issuer, late, now).state());
    }

    @Test
    void aDeltaIssuedBeforeTheCachedBaseLeavesTheBaseCurrent() {
        RevocationIndex index = new RevocationIndex();
        index.applyBase(base(5, List.of(early)), issuer);
        assertEquals(RevocationIndex.Applied.NOT_NEWER, index.applyDelta(delta(4, 2, List.of(early)), issuer));
        assertEquals(RevocationIndex.State.REVOKED, index.lookup(issuer, early, now).state());
        assertEquals(RevocationIndex.State.GOOD, index.lookup(issuer, late, now).state());
    }

    @Test
    void aStaleDeltaMakesTheViewStale() {
        RevocationIndex index = new RevocationIndex();
        index.applyBase(base(1, List.of()), issuer);
        index.applyDelta(delta(2, 1, List.of()), issuer);
        assertEquals(RevocationIndex.State.GOOD, index.lookup(issuer, late, now.plusSeconds(500)).state());
        assertEquals(RevocationIndex.State.STALE, index.lookup(issuer, late, now.plusSeconds(601)).state());
    }

    @Test
    void completeAndDeltaCrlsCannotStandInForEachOther() {
        RevocationIndex index = new RevocationIndex();
        assertThrows(CrlIndex.InvalidCrl.class, () -> index.applyBase(delta(2, 1, List.of()), issuer));
        assertThrows(CrlIndex.InvalidCrl.class, () -> index.applyDelta(base(1, List.of()), issuer));
    }

    private X509CRLHolder base(long number, List<BigInteger> serials) {
        return CrlBuilder.complete(ca, revocations(serials), now, now.plusSeconds(3600), BigInteger.valueOf(number), DELTA_URL);
    }

    private X509CRLHolder delta(long number, long base, List<BigInteger> serials) {
        return CrlBuilder.delta(ca, revocations(serials), now, now.plusSeconds(600), BigInteger.valueOf(number), BigInteger.valueOf(base));
    }

    private List<PkiStore.Revocation> revocations(List<BigInteger> serials) {
        return serials.stream().map(serial -> new PkiStore.Revocation(serial, "root", RevocationReason.KEY_COMPROMISE,
                now.minusSeconds(60))).toList();
    }

    private static CertificateAuthority ca() {
        KeyPair key = SignatureSuite.of(KeyAlgorithm.ECDSA_P256).generate(new SecureRandom());
        return new CertificateAuthority(null, ProfileCertificates.root(key, Instant.now().minusSeconds(3600)), key.getPrivate());
    }
}
