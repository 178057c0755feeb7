package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

/**
 * The relying party's reading of a CRL fetched over HTTP ({@link Pem#crl}, {@link CrlIndex#of}) and the
 * revocation index built from it ({@link RevocationIndex}), on mutated CRLs of the fixture's EMT sub-CA.
 * Input: one byte (bit 0: the rest is a TBSCertList the test signs with the CA's key, so the checks after
 * the signature are reached), then the CRL (DER or PEM). Properties:
 * <ul>
 *   <li>a refusal is IllegalArgumentException ("malformed CRL") or InvalidCrl, raised by the project;</li>
 *   <li>unsigned by the test, an accepted CRL is exactly its DER and its signed part is a seed's byte for byte;</li>
 *   <li>the index says what the CRL says (number, base number, times, one entry per listed serial), and once
 *       applied (a delta on top of a fixed base) no listed serial ever reads GOOD, unless removed from the CRL.</li>
 * </ul>
 */
class CrlFuzzTest {
    private static final SmPki PKI = FuzzFixture.open();
    private static final CertificateAuthority EMT = PKI.subCa(Role.EMT);
    /** The complete CRL the seeds' deltas build on (number 10). */
    static final BigInteger BASE_NUMBER = BigInteger.TEN;
    static final Instant BASE_THIS_UPDATE = Instant.parse("2026-12-07T12:00:00Z");
    private static final X509CRLHolder BASE = CrlBuilder.complete(EMT, List.of(new PkiStore.Revocation(FuzzFixture.REVOKED, "emt",
            RevocationReason.KEY_COMPROMISE, BASE_THIS_UPDATE.minusSeconds(60))), BASE_THIS_UPDATE, BASE_THIS_UPDATE.plusSeconds(86_400),
            BASE_NUMBER, "http://127.0.0.1:8470/crl/emt-delta.crl");
    private static final int REMOVE_FROM_CRL = 8;
    private static final Set<ByteBuffer> SIGNED_BY_SEEDS = new HashSet<>();

    static {
        for (byte[] seed : FuzzFixture.seeds(CrlFuzzTest.class, "indexesOnlyWhatTheIssuerSigned")) {
            if ((seed[0] & 1) == 0) {
                try {
                    SIGNED_BY_SEEDS.add(ByteBuffer.wrap(Pem.der(Pem.crl(Arrays.copyOfRange(seed, 1, seed.length))
                            .toASN1Structure().getTBSCertList())));
                } catch (IllegalArgumentException notAValidSeed) {
                    // seeds of malformed CRLs sign nothing
                }
            }
        }
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void indexesOnlyWhatTheIssuerSigned(byte[] input) throws Exception {
        if (input.length < 1) {
            return;
        }
        boolean signedHere = (input[0] & 1) != 0;
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        if (signedHere) {
            body = signed(body);
            if (body == null) {
                return;
            }
        }
        X509CRLHolder crl;
        CrlIndex index;
        try {
            crl = Pem.crl(body);
            index = CrlIndex.of(crl, EMT.certificate());
        } catch (IllegalArgumentException | CrlIndex.InvalidCrl refused) {
            assertTrue(FuzzFixture.raisedByProject(refused), () -> "not a refusal of the project's own: " + refused);
            return;
        }
        if (!new String(body, StandardCharsets.ISO_8859_1).contains("-----BEGIN")) {
            assertArrayEquals(Pem.der(crl.toASN1Structure()), body, "accepted a CRL that is not exactly its DER");
        }
        if (!signedHere) {
            assertTrue(SIGNED_BY_SEEDS.contains(ByteBuffer.wrap(Pem.der(crl.toASN1Structure().getTBSCertList()))),
                    "accepted a CRL its issuer never signed");
        }
        assertIndexReads(crl, index);
        assertNoRevocationIsLost(crl, index);
    }

    private static void assertIndexReads(X509CRLHolder crl, CrlIndex index) {
        assertEquals(Crls.number(crl), index.number());
        assertEquals(Crls.baseNumber(crl), index.baseNumber());
        assertEquals(crl.getThisUpdate().toInstant(), index.thisUpdate());
        assertEquals(crl.getNextUpdate().toInstant(), index.nextUpdate());
        int entries = 0;
        for (Object object : crl.getRevokedCertificates()) {
            X509CRLEntryHolder entry = (X509CRLEntryHolder) object;
            assertNotNull(index.entry(entry.getSerialNumber()), "a listed serial is missing from the index");
            assertEquals(entry.getRevocationDate().toInstant(), index.entry(entry.getSerialNumber()).revokedAt());
            entries++;
        }
        assertEquals(entries, index.size(), "the index holds serials the CRL does not list (or lists twice)");
    }

    /** Applied to a relying party's index (a delta on top of BASE), every listed serial reads REVOKED, or GOOD if removed. */
    private static void assertNoRevocationIsLost(X509CRLHolder crl, CrlIndex index) {
        RevocationIndex relyingParty = new RevocationIndex();
        RevocationIndex.Applied applied;
        try {
            if (index.isDelta()) {
                relyingParty.applyBase(BASE, EMT.certificate());
                applied = relyingParty.applyDelta(crl, EMT.certificate());
            } else {
                applied = relyingParty.applyBase(crl, EMT.certificate());
            }
        } catch (CrlIndex.InvalidCrl refused) {
            assertTrue(FuzzFixture.raisedByProject(refused), () -> "not a refusal of the project's own: " + refused);
            return;
        }
        if (applied != RevocationIndex.Applied.BASE && applied != RevocationIndex.Applied.DELTA) {
            return;
        }
        X509CertificateHolder issuer = EMT.certificate();
        for (Object object : crl.getRevokedCertificates()) {
            X509CRLEntryHolder entry = (X509CRLEntryHolder) object;
            Instant at = entry.getRevocationDate().toInstant();
            RevocationIndex.State state = relyingParty.lookup(issuer, entry.getSerialNumber(), at).state();
            boolean removed = index.isDelta() && index.entry(entry.getSerialNumber()).reason() == REMOVE_FROM_CRL;
            RevocationIndex.State expected = removed ? RevocationIndex.State.GOOD : RevocationIndex.State.REVOKED;
            assertTrue(state == expected || state == RevocationIndex.State.STALE,
                    "serial " + Serials.toHex(entry.getSerialNumber()) + " reads " + state + ", listed as " + expected);
        }
    }

    /** The TBSCertList signed by the EMT CA, as a DER CRL; null if the bytes are no TBSCertList. */
    private static byte[] signed(byte[] tbsDer) throws Exception {
        TBSCertList tbs;
        try {
            tbs = TBSCertList.getInstance(ASN1Primitive.fromByteArray(tbsDer));
        } catch (Exception notATbsCertList) {
            return null;
        }
        if (tbs == null) {
            return null; // empty input
        }
        ContentSigner signer = EMT.signer();
        try (OutputStream out = signer.getOutputStream()) {
            out.write(Pem.der(tbs));
        }
        org.bouncycastle.asn1.ASN1EncodableVector crl = new org.bouncycastle.asn1.ASN1EncodableVector();
        crl.add(tbs);
        crl.add(signer.getAlgorithmIdentifier());
        crl.add(new DERBitString(signer.getSignature()));
        return Pem.der(CertificateList.getInstance(new org.bouncycastle.asn1.DERSequence(crl)));
    }
}
