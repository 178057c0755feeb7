package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

/** The issuance service's reading of PKCS#10 requests (issue #17, found while writing CsrFuzzTest's properties). */
class CsrRequestTest {
    private static final KeyPair KEY = TestPki.ecKey();

    private static PKCS10CertificationRequest csr(X500Name subject, GeneralNames san) throws Exception {
        var builder = new JcaPKCS10CertificationRequestBuilder(subject, KEY.getPublic());
        if (san != null) {
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                    new Extensions(Extension.create(Extension.subjectAlternativeName, false, san)));
        }
        return builder.build(CertificateAuthority.signer(KEY.getPrivate(), "SHA256withECDSA"));
    }

    private static String refusal(PKCS10CertificationRequest csr, Role role) {
        return assertThrows(IllegalArgumentException.class,
                () -> Issuer.checkRequest(csr, role, CertificateUsage.TLS, PkiAlgorithm.ECDSA)).getMessage();
    }

    @Test
    void aRequestThatIsNotExactlyDerIsRefused() throws Exception {
        byte[] der = csr(SmPkiProfile.name("stadtwerke.EMT"), null).getEncoded();
        // the same request with a longer length form than DER allows: BER, and its signature still verifies
        byte[] ber = TestPki.longFormLength(der);
        assertTrue(Pem.csr(der) != null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.csr(ber)).getMessage().contains("not DER"));
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.csr(trailing)).getMessage().startsWith("malformed"));
        String twoBlocks = Pem.encode(Pem.csr(der)) + Pem.encode(Pem.csr(der));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.csr(twoBlocks.getBytes())).getMessage()
                .contains("exactly one"));
    }

    @Test
    void aSignedRequestWhoseSubjectCannotBeReadIsMalformed() throws Exception {
        // A requester signs whatever it likes: a subject whose CN type is no OID passed the proof of possession and
        // then threw a ClassCastException out of the CN check (HTTP 500 instead of 400).
        var info = org.bouncycastle.asn1.pkcs.CertificationRequestInfo.getInstance(org.bouncycastle.asn1.ASN1Primitive.fromByteArray(
                TestPki.unreadableCommonNames(Pem.der(csr(SmPkiProfile.name("odd.EMT"), null).toASN1Structure()
                        .getCertificationRequestInfo()))));
        var signer = CertificateAuthority.signer(KEY.getPrivate(), "SHA256withECDSA");
        signer.getOutputStream().write(Pem.der(info));
        byte[] der = Pem.der(new org.bouncycastle.asn1.pkcs.CertificationRequest(info, signer.getAlgorithmIdentifier(),
                new org.bouncycastle.asn1.DERBitString(signer.getSignature())));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.csr(der)).getMessage().startsWith("malformed"));
    }

    @Test
    void theCnOfAMultiValuedRdnIsTheCnAttributeNotItsNeighbour() throws Exception {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "DE").addMultiValuedRDN(new AttributeTypeAndValue[] {
                new AttributeTypeAndValue(BCStyle.O, new DERUTF8String("victim")),
                new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String("maker.GWH"))}).build();
        PKCS10CertificationRequest csr = csr(subject, null);
        assertEquals("maker.GWH", Issuer.checkRequest(csr, Role.GWH, CertificateUsage.TLS, PkiAlgorithm.ECDSA).commonName());
        assertEquals("maker.GWH", SmPkiProfile.commonName(subject));
    }

    @Test
    void aSubjectWithTwoCnsOrANonStringCnIsRefused() throws Exception {
        X500Name two = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "a.EMT").addRDN(BCStyle.CN, "b.EMT").build();
        assertTrue(refusal(csr(two, null), Role.EMT).contains("exactly one CN"));
        X500Name none = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "SM-Test-PKI-DE").build();
        assertTrue(refusal(csr(none, null), Role.EMT).contains("exactly one CN, not 0"));
        ASN1Encodable number = new org.bouncycastle.asn1.ASN1Integer(7);
        X500Name numeric = new X500Name(new org.bouncycastle.asn1.x500.RDN[] {new org.bouncycastle.asn1.x500.RDN(BCStyle.CN, number)});
        assertTrue(refusal(csr(numeric, null), Role.EMT).contains("must be a non-empty string"));
    }

    @Test
    void anEmptyRequestedSubjectAltNameIsRefused() throws Exception {
        GeneralNames empty = GeneralNames.getInstance(new org.bouncycastle.asn1.DERSequence());
        assertTrue(refusal(csr(SmPkiProfile.name("stadtwerke.EMT"), empty), Role.EMT).contains("names nothing"));
        GeneralNames dns = new GeneralNames(new GeneralName(GeneralName.dNSName, "emt.example"));
        assertEquals(dns, Issuer.checkRequest(csr(SmPkiProfile.name("stadtwerke.EMT"), dns), Role.EMT, CertificateUsage.TLS,
                PkiAlgorithm.ECDSA).subjectAltName());
    }
}
