package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The relying party's reading of CRLs (issue #17: CrlFuzzTest's properties and NIST PKITS 4.4.8 and 4.5.5). */
class CrlReadingTest {
    private static SmPki pki;
    private static CertificateAuthority emt;
    private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static final BigInteger SERIAL = FuzzFixture.REVOKED;

    @BeforeAll
    static void open() {
        pki = FuzzFixture.open();
        emt = pki.subCa(Role.EMT);
    }

    /** A CRL of the EMT CA numbered 5, listing SERIAL, with whatever {@code more} adds (entries, extensions). */
    private static X509CRLHolder crl(Consumer<X509v2CRLBuilder> more) {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(emt.certificate().getSubject(), Date.from(NOW));
        builder.setNextUpdate(Date.from(NOW.plusSeconds(86_400)));
        builder.addCRLEntry(SERIAL, Date.from(NOW.minusSeconds(60)), 1);
        try {
            builder.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.valueOf(5)));
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        more.accept(builder);
        return builder.build(emt.signer());
    }

    private static void add(X509v2CRLBuilder builder, ASN1ObjectIdentifier oid, boolean critical, org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            builder.addExtension(oid, critical, value);
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Extensions entryExtension(ASN1ObjectIdentifier oid, boolean critical, org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            return new Extensions(Extension.create(oid, critical, value));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCrlThatIsNotExactlyDerIsRefused() {
        byte[] der = Pem.der(crl(b -> {}));
        byte[] ber = TestPki.longFormLength(der);
        // Bouncy Castle verifies the signature over the re-encoded DER, so without the DER check this CRL is accepted.
        assertTrue(new X509CRLHolderProbe(ber).signatureVerifies(emt));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.crl(ber)).getMessage().contains("not DER"));
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);
        assertThrows(IllegalArgumentException.class, () -> Pem.crl(trailing));
        assertEquals(5, CrlIndex.of(Pem.crl(der), emt.certificate()).number().intValue());
    }

    @Test
    void aCrlWhoseIssuerNameCannotBeReadIsMalformed() {
        // CrlFuzzTest's finding: the name parsed, and CrlIndex.of then threw a ClassCastException printing it.
        byte[] unreadable = TestPki.unreadableCommonNames(Pem.der(crl(b -> {})));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.crl(unreadable)).getMessage().startsWith("malformed CRL"));
    }

    @Test
    void aCrlWhoseIssuerNameIsNotUtf8IsMalformed() {
        // CrlFuzzTest's second finding: the UTF8String is decoded only when the name is printed.
        byte[] der = Pem.der(crl(b -> {}));
        byte[] cn = "EMT-Sub.CA".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + cn.length <= der.length; i++) {
            if (java.util.Arrays.equals(der, i, i + cn.length, cn, 0, cn.length)) {
                der[i] = (byte) 0xff;
                break;
            }
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.crl(der)).getMessage().startsWith("malformed CRL"));
    }

    @Test
    void aCrlScopedToOneDistributionPointIsNotIndexedAsTheIssuersWholeCrl() {
        IssuingDistributionPoint scoped = new IssuingDistributionPoint(new DistributionPointName(new GeneralNames(
                new GeneralName(new X500Name("CN=one partition")))), false, false);
        X509CRLHolder crl = crl(b -> add(b, Extension.issuingDistributionPoint, true, scoped));
        assertTrue(assertThrows(CrlIndex.InvalidCrl.class, () -> CrlIndex.of(crl, emt.certificate())).getMessage()
                .contains("narrows its scope"));
        IssuingDistributionPoint whole = new IssuingDistributionPoint(null, false, false);
        assertEquals(1, CrlIndex.of(crl(b -> add(b, Extension.issuingDistributionPoint, true, whole)), emt.certificate()).size());
    }

    @Test
    void aCrlWithAnUnknownCriticalEntryExtensionIsNotUsedForAnySerial() {
        BigInteger other = SERIAL.add(BigInteger.TEN);
        X509CRLHolder crl = crl(b -> b.addCRLEntry(other, Date.from(NOW.minusSeconds(30)),
                entryExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.3"), true, new DERUTF8String("?"))));
        assertTrue(assertThrows(CrlIndex.InvalidCrl.class, () -> CrlIndex.of(crl, emt.certificate())).getMessage()
                .contains("unknown critical extension"));
        ValidationResult result = PathValidator.builder(List.of(pki.root().certificate())).crls(List.of(crl,
                        pki.buildCrl("root", NOW.minusSeconds(60), NOW.plusSeconds(86_400)))).crlFromDistributionPoints(false).build()
                .validate(List.of(endEntity(), emt.certificate()), null, NOW.plusSeconds(60));
        assertEquals(Decision.UNKNOWN, result.decision(), result.reason());
        assertTrue(result.reason().contains("unknown critical extension"), result.reason());
    }

    @Test
    void aCrlListingASerialTwiceIsRefused() {
        X509CRLHolder crl = crl(b -> b.addCRLEntry(SERIAL, Date.from(NOW.minusSeconds(10)), 8));
        assertTrue(assertThrows(CrlIndex.InvalidCrl.class, () -> CrlIndex.of(crl, emt.certificate())).getMessage().contains("twice"));
    }

    @Test
    void aSignedCrlWithUnreadableExtensionsIsRefusedNotThrown() {
        // What a CA bug could sign: a cRLNumber that is no INTEGER, and a reasonCode that is no ENUMERATED.
        X509v2CRLBuilder builder = new X509v2CRLBuilder(emt.certificate().getSubject(), Date.from(NOW));
        builder.setNextUpdate(Date.from(NOW.plusSeconds(86_400)));
        add(builder, Extension.cRLNumber, false, new DEROctetString(new byte[] {1}));
        X509CRLHolder badNumber = builder.build(emt.signer());
        assertTrue(assertThrows(CrlIndex.InvalidCrl.class, () -> CrlIndex.of(badNumber, emt.certificate())).getMessage()
                .contains("malformed"));
        X509CRLHolder badReason = crl(b -> b.addCRLEntry(SERIAL.add(BigInteger.ONE), Date.from(NOW.minusSeconds(5)),
                entryExtension(Extension.reasonCode, false, new DERUTF8String("keyCompromise"))));
        assertTrue(assertThrows(CrlIndex.InvalidCrl.class, () -> CrlIndex.of(badReason, emt.certificate())).getMessage()
                .contains("malformed"));
    }

    private static org.bouncycastle.cert.X509CertificateHolder endEntity() {
        return TestPki.custom(emt, "reader.EMT", TestPki.ecKey(), NOW.minusSeconds(3600), NOW.plusSeconds(86_400), b -> {
            TestPki.add(b, Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(
                    org.bouncycastle.asn1.x509.KeyUsage.digitalSignature));
            TestPki.add(b, Extension.certificatePolicies, false, ProfileCertificates.policies());
        });
    }

    /** Bouncy Castle's own reading of a CRL, without the project's DER check. */
    private record X509CRLHolderProbe(byte[] bytes) {
        boolean signatureVerifies(CertificateAuthority issuer) {
            try {
                return new X509CRLHolder(bytes).isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                        .setProvider(org.bcpki.core.crypto.SignatureSuite.provider()).build(issuer.certificate()));
            } catch (Exception e) {
                return false;
            }
        }
    }
}
