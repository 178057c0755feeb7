package org.bcpki.pki.codesign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.release.DeviceType;
import org.bcpki.pki.CertificateUsage;
import org.bcpki.pki.Issuer;
import org.bcpki.pki.RevocationReason;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The X.509 update check against a live ML-DSA-65 SM-PKI on loopback (CRLs over HTTP): each attack is performed
 * and refused with its reason, and the gateway keeps answering afterwards.
 */
class ReleaseVerifierTest {
    private static final DeviceType TYPE = DeviceType.of("meter-fw");
    @TempDir static Path dir;
    static CodeSigningFixture fixture;
    static CodeSigningBaseline x509;
    static byte[] image;

    @BeforeAll
    static void start() throws Exception {
        fixture = CodeSigningFixture.start(dir.resolve("pki"), Duration.ofHours(24), Duration.ofHours(1));
        x509 = fixture.x509;
        image = new byte[4096];
        new SecureRandom().nextBytes(image);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void anApprovedImageVerifiesAndASecondCheckIsAnsweredFromTheCache() {
        CodeSigningBaseline.Published release = x509.publish(TYPE, 1, image);
        ReleaseVerifier gateway = x509.gateway();

        UpdateDecision first = gateway.check(release.signedRelease(), image, TYPE, 1, Instant.now());
        assertEquals(UpdateReason.APPROVED, first.reason(), first.detail());
        assertEquals(release.signedRelease().length, first.packageBytes());
        assertEquals(4, first.crlFetches(), "root and CS-Sub.CA, each a complete CRL and its delta: " + first);
        assertTrue(first.crlBytes() > 0 && first.certificateBytes() > 0 && first.certificateBytes() < first.packageBytes());

        UpdateDecision second = gateway.check(release.signedRelease(), image, TYPE, 1, Instant.now());
        assertEquals(UpdateReason.APPROVED, second.reason(), second.detail());
        assertEquals(0, second.crlFetches());
        assertEquals(0, second.crlBytes());
        System.out.printf("update check: package %d bytes (certificates %d), CRLs first contact %d bytes in %d fetches,"
                + " warm 0; %.1f ms cold, %.1f ms warm%n", first.packageBytes(), first.certificateBytes(), first.crlBytes(),
                first.crlFetches(), first.nanos() / 1e6, second.nanos() / 1e6);
    }

    @Test
    void aWrongImageIsRefused() {
        CodeSigningBaseline.Published release = x509.publish(TYPE, 2, image);
        byte[] other = image.clone();
        other[100] ^= 1;
        assertRefused(UpdateReason.WRONG_IMAGE, x509.gateway().check(release.signedRelease(), other, TYPE, 2, Instant.now()));
    }

    @Test
    void aReleaseWithoutCountersignatureIsRefused() {
        byte[] signedOnly = x509.manufacturer().sign(TYPE, 3, image);
        assertRefused(UpdateReason.MISSING_COUNTERSIGNATURE, x509.gateway().check(signedOnly, image, TYPE, 3, Instant.now()));
    }

    @Test
    void aCountersignatureByAManufacturerCertificateIsRefused() {
        byte[] signed = x509.manufacturer().sign(TYPE, 4, image);
        KeyPair key = mlDsaKey();
        X509CertificateHolder otherManufacturer = x509.ca().certifyManufacturer("rogue", key.getPublic());
        byte[] countersigned = ReleaseSignatures.countersign(ReleasePackage.parse(signed), key, otherManufacturer);
        UpdateDecision decision = x509.gateway().check(countersigned, image, TYPE, 4, Instant.now());
        assertRefused(UpdateReason.UNAUTHORIZED_COUNTERSIGNER, decision);
        assertTrue(decision.detail().contains("lacks the critical extendedKeyUsage"), decision.detail());
    }

    @Test
    void aCountersignatureByAnSmPkiCertificateIsRefused() {
        byte[] signed = x509.manufacturer().sign(TYPE, 5, image);
        Issuer.IssuedWithKey emt = fixture.pki.issuer().issueNewKey("test", "stadtwerke", Role.EMT, CertificateUsage.SIGNATURE);
        byte[] countersigned = ReleaseSignatures.countersign(ReleasePackage.parse(signed), emt.keyPair(), emt.issued().certificate());
        UpdateDecision decision = x509.gateway().check(countersigned, image, TYPE, 5, Instant.now());
        assertRefused(UpdateReason.UNAUTHORIZED_COUNTERSIGNER, decision);
        assertTrue(decision.detail().contains("not issued by the code-signing CA"), decision.detail());
    }

    @Test
    void anApprovalCertificateForAnotherReleaseIsRefused() {
        ReleaseId other = ReleaseId.of(TYPE, 6, "another image".getBytes());
        KeyPair key = mlDsaKey();
        X509CertificateHolder approvalOfOther = x509.ca().certifyRelease("ptb", other, key.getPublic());
        byte[] signed = x509.manufacturer().sign(TYPE, 6, image);
        byte[] countersigned = ReleaseSignatures.countersign(ReleasePackage.parse(signed), key, approvalOfOther);
        UpdateDecision decision = x509.gateway().check(countersigned, image, TYPE, 6, Instant.now());
        assertRefused(UpdateReason.UNAUTHORIZED_COUNTERSIGNER, decision);
        assertTrue(decision.detail().contains("approves"), decision.detail());
    }

    @Test
    void aSignerWithoutTheCodeSigningPurposeIsRefused() {
        ReleaseId release = ReleaseId.of(TYPE, 7, image);
        KeyPair key = mlDsaKey();
        X509CertificateHolder approvalCertificate = x509.ca().certifyRelease("ptb", release, key.getPublic());
        byte[] signed = ReleaseSignatures.sign(release, image, key, approvalCertificate, List.of(approvalCertificate, x509.ca().certificate()));
        UpdateDecision decision = x509.gateway().check(approved(signed, release), image, TYPE, 7, Instant.now());
        assertRefused(UpdateReason.UNAUTHORIZED_SIGNER, decision);
        assertTrue(decision.detail().contains("lacks the critical extendedKeyUsage 1.3.6.1.5.5.7.3.3"), decision.detail());

        Issuer.IssuedWithKey emt = fixture.pki.issuer().issueNewKey("test", "stadtwerke", Role.EMT, CertificateUsage.SIGNATURE);
        byte[] signedByEmt = ReleaseSignatures.sign(release, image, emt.keyPair(), emt.issued().certificate(),
                List.of(emt.issued().certificate(), fixture.pki.subCa(Role.EMT).certificate()));
        decision = x509.gateway().check(approved(signedByEmt, release), image, TYPE, 7, Instant.now());
        assertRefused(UpdateReason.UNAUTHORIZED_SIGNER, decision);
        assertTrue(decision.detail().contains("not issued by the code-signing CA"), decision.detail());
    }

    @Test
    void aSignatureIsNotAcceptedForAnotherDeviceTypeOrVersion() {
        CodeSigningBaseline.Published release = x509.publish(TYPE, 8, image);
        ReleaseVerifier gateway = x509.gateway();
        assertRefused(UpdateReason.WRONG_RELEASE, gateway.check(release.signedRelease(), image, TYPE, 9, Instant.now()));
        assertRefused(UpdateReason.WRONG_RELEASE, gateway.check(release.signedRelease(), image, DeviceType.of("gas-fw"), 8, Instant.now()));
        assertEquals(UpdateReason.APPROVED, gateway.check(release.signedRelease(), image, TYPE, 8, Instant.now()).reason());
    }

    @Test
    void aRollbackBelowTheGatewaysMinimumIsRefused() {
        CodeSigningBaseline.Published old = x509.publish(TYPE, 10, image);
        CodeSigningBaseline.Published current = x509.publish(TYPE, 11, image);
        ReleaseVerifier gateway = x509.gateway();
        gateway.requireAtLeast(TYPE, 11);
        gateway.requireAtLeast(TYPE, 3); // never lowers
        assertRefused(UpdateReason.ROLLBACK, gateway.check(old.signedRelease(), image, TYPE, 10, Instant.now()));
        assertEquals(UpdateReason.APPROVED, gateway.check(current.signedRelease(), image, TYPE, 11, Instant.now()).reason());
    }

    @Test
    void revokingOneReleaseRefusesItWithAFreshCrlLeavesOthersAndTheCachedViewAcceptsItUntilNextUpdate() {
        CodeSigningBaseline.Published revoked = x509.publish(TYPE, 12, image);
        CodeSigningBaseline.Published kept = x509.publish(TYPE, 13, image);
        ReleaseVerifier cached = x509.gateway();
        assertEquals(UpdateReason.APPROVED, cached.check(revoked.signedRelease(), image, TYPE, 12, Instant.now()).reason());

        x509.revoke(revoked);
        Instant afterRevocation = Instant.now();
        UpdateDecision fromCache = cached.check(revoked.signedRelease(), image, TYPE, 12, afterRevocation);
        assertEquals(UpdateReason.APPROVED, fromCache.reason(), "the CRLs fetched before the revocation are current for an hour");
        assertEquals(0, fromCache.crlBytes());

        UpdateDecision fresh = x509.gateway().check(revoked.signedRelease(), image, TYPE, 12, Instant.now());
        assertRefused(UpdateReason.REVOKED, fresh);
        assertTrue(fresh.detail().contains("approval certificate"), fresh.detail());
        assertEquals(UpdateReason.APPROVED, x509.gateway().check(kept.signedRelease(), image, TYPE, 13, Instant.now()).reason(),
                "the other release's approval certificate is not revoked");
    }

    @Test
    void revokingTheManufacturersCertificateRefusesAllItsReleases() throws Exception {
        CodeSigningBaseline other = CodeSigningBaseline.setUp(fixture.pki, "acme-old", "ptb");
        CodeSigningBaseline.Published first = other.publish(TYPE, 14, image);
        CodeSigningBaseline.Published second = other.publish(TYPE, 15, image);
        other.ca().revoke(other.manufacturer().certificate(), RevocationReason.KEY_COMPROMISE);
        ReleaseVerifier gateway = other.gateway();
        assertRefused(UpdateReason.REVOKED, gateway.check(first.signedRelease(), image, TYPE, 14, Instant.now()));
        assertRefused(UpdateReason.REVOKED, gateway.check(second.signedRelease(), image, TYPE, 15, Instant.now()));
    }

    @Test
    void badPackagesGetClearErrorsAndTheGatewayKeepsAnswering() {
        CodeSigningBaseline.Published release = x509.publish(TYPE, 16, image);
        byte[] good = release.signedRelease();
        ReleaseVerifier gateway = x509.gateway();
        assertMalformed(gateway, Arrays.copyOf(good, good.length / 2), "not a readable CMS SignedData");
        assertMalformed(gateway, "not a signature at all".getBytes(), "not a readable CMS SignedData");
        assertMalformed(gateway, new byte[0], "empty");
        assertMalformed(gateway, new byte[ReleasePackage.MAX_BYTES + 1], "at most");
        assertMalformed(gateway, Arrays.copyOf(good, good.length + 1), "not");
        assertMalformed(gateway, longFormLength(good), "not exactly DER");

        byte[] flipped = good.clone();
        flipped[signatureOffset(good)] ^= 1; // inside the manufacturer's ML-DSA signature value
        assertRefused(UpdateReason.UNAUTHORIZED_SIGNER, gateway.check(flipped, image, TYPE, 16, Instant.now()));

        assertEquals(UpdateReason.APPROVED, gateway.check(good, image, TYPE, 16, Instant.now()).reason());
    }

    @Test
    void aPackageSignedWithAnotherAlgorithmIsMalformed() throws Exception {
        ReleaseId release = ReleaseId.of(TYPE, 17, image);
        Issuer.IssuedWithKey emt = fixture.pki.issuer().issueNewKey("test", "stadtwerke", Role.EMT, CertificateUsage.SIGNATURE);
        KeyPair ecdsa = SignatureSuite.of(KeyAlgorithm.ECDSA_P256).generate(new SecureRandom());
        byte[] signed = ecdsaSigned(release, ecdsa, emt.issued().certificate());
        UpdateDecision decision = x509.gateway().check(signed, image, TYPE, 17, Instant.now());
        assertRefused(UpdateReason.MALFORMED, decision);
        assertTrue(decision.detail().contains("not ML-DSA-65"), decision.detail());
    }

    /** What {@link ReleaseSignatures#sign} makes, but signed with ECDSA. */
    private static byte[] ecdsaSigned(ReleaseId release, KeyPair key, X509CertificateHolder certificate) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                .setProvider(SignatureSuite.provider()).build())
                .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(
                        new Attribute(CodeSigningProfile.ID_AA_RELEASE, new DERSet(release.toAsn1())))))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(SignatureSuite.provider()).build(key.getPrivate()),
                        certificate));
        generator.addCertificate(certificate);
        return generator.generate(new CMSProcessableByteArray(image), false).toASN1Structure().getEncoded(ASN1Encoding.DER);
    }

    private static byte[] approved(byte[] signed, ReleaseId release) {
        KeyPair key = mlDsaKey();
        X509CertificateHolder approval = x509.ca().certifyRelease("ptb", release, key.getPublic());
        return ReleaseSignatures.countersign(ReleasePackage.parse(signed), key, approval);
    }

    private static void assertRefused(UpdateReason expected, UpdateDecision decision) {
        assertEquals(expected, decision.reason(), decision.detail());
    }

    private static void assertMalformed(ReleaseVerifier gateway, byte[] blob, String detail) {
        UpdateDecision decision = gateway.check(blob, image, TYPE, 16, Instant.now());
        assertEquals(UpdateReason.MALFORMED, decision.reason(), decision.detail());
        assertTrue(decision.detail().contains(detail), decision.detail());
    }

    /** The same SignedData with its outer length in one more octet than DER allows (valid BER). */
    private static byte[] longFormLength(byte[] der) {
        assertEquals((byte) 0x82, der[1], "a two-octet DER length");
        byte[] ber = new byte[der.length + 1];
        ber[0] = der[0];
        ber[1] = (byte) 0x83;
        System.arraycopy(der, 2, ber, 3, der.length - 2);
        return ber;
    }

    /** Somewhere in the middle of the manufacturer's signature value: the first OCTET STRING of 3309 bytes. */
    private static int signatureOffset(byte[] der) {
        for (int i = 0; i + 4 < der.length; i++) {
            if (der[i] == 0x04 && der[i + 1] == (byte) 0x82 && der[i + 2] == 0x0c && der[i + 3] == (byte) 0xed) {
                return i + 4 + 1500;
            }
        }
        throw new AssertionError("no ML-DSA-65 signature value found");
    }

    static KeyPair mlDsaKey() {
        return SignatureSuite.of(KeyAlgorithm.ML_DSA_65).generate(new SecureRandom());
    }
}
