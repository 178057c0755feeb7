package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OCSP responder and client hardening (issue #17, found while writing the OCSP fuzz targets' properties). */
class OcspHardeningTest {
    private static SmPki pki;
    private static CertificateAuthority emt;

    @BeforeAll
    static void open() {
        pki = FuzzFixture.open();
        emt = pki.subCa(Role.EMT);
    }

    private static CertificateID id(BigInteger serial) throws Exception {
        return new CertificateID(new JcaDigestCalculatorProviderBuilder().setProvider(SignatureSuite.provider()).build()
                .get(CertificateID.HASH_SHA1), emt.certificate(), serial);
    }

    private static byte[] ask(OcspResponder responder, CertificateID id) throws Exception {
        return responder.respond(new OCSPReqBuilder().addRequest(id).build().getEncoded());
    }

    private static org.bouncycastle.asn1.DERSequence sequence(org.bouncycastle.asn1.ASN1Encodable... items) {
        return new org.bouncycastle.asn1.DERSequence(items);
    }

    @Test
    void aRequestWhoseCertificateIdIsMalformedGetsMalformedRequest() throws Exception {
        // OcspResponderFuzzTest's first finding: Bouncy Castle parses an OCSPReq's entries only when they are read, so a
        // certificate id with an OID where the issuer name hash belongs threw a ClassCastException out of respond().
        CertID good = id(FuzzFixture.GOOD).toASN1Primitive();
        var badId = sequence(good.getHashAlgorithm(), new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.14.3.2.26"),
                good.getIssuerKeyHash(), good.getSerialNumber());
        byte[] request = sequence(sequence(sequence(sequence(badId)))).getEncoded();
        for (OcspResponder.Signing signing : OcspResponder.Signing.values()) {
            OCSPResp response = new OCSPResp(new OcspResponder(pki, signing).respond(request));
            assertEquals(org.bouncycastle.cert.ocsp.OCSPRespBuilder.MALFORMED_REQUEST, response.getStatus());
        }
    }

    @Test
    void thePresignedResponderKeepsNoResponseForSerialsNobodyIssued() throws Exception {
        OcspResponder responder = new OcspResponder(pki, OcspResponder.Signing.PRESIGNED);
        for (int i = 0; i < 50; i++) {
            ask(responder, id(ProfileCertificates.randomSerial()));
        }
        assertEquals(0, responder.presignedCount(), "every unknown serial asked for would stay in memory");
        ask(responder, id(FuzzFixture.GOOD));
        ask(responder, id(FuzzFixture.GOOD));
        assertEquals(1, responder.presignedCount());
    }

    @Test
    void aPresignedResponseAnswersTheRequestedCertificateIdExactly() throws Exception {
        OcspResponder responder = new OcspResponder(pki, OcspResponder.Signing.PRESIGNED);
        CertificateID withNull = id(FuzzFixture.GOOD);
        CertID asn1 = withNull.toASN1Primitive();
        CertificateID withoutParameters = new CertificateID(new CertID(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1),
                asn1.getIssuerNameHash(), asn1.getIssuerKeyHash(), asn1.getSerialNumber()));
        ask(responder, withNull);
        BasicOCSPResp second = (BasicOCSPResp) new OCSPResp(ask(responder, withoutParameters)).getResponseObject();
        // A client compares the whole id; the response stored for the first spelling would not answer the second.
        assertEquals(withoutParameters, second.getResponses()[0].getCertID());
    }

    @Test
    void anOcspResponseThatIsNotExactlyDerIsRefused() throws Exception {
        byte[] nonce = new byte[16];
        OcspResponder responder = new OcspResponder(pki, OcspResponder.Signing.PER_REQUEST);
        byte[] der = responder.respond(new OCSPReqBuilder().addRequest(id(FuzzFixture.GOOD)).setRequestExtensions(new Extensions(
                Extension.create(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce)))).build().getEncoded());
        Instant at = Instant.now();
        assertEquals(PkiStore.Status.GOOD, OcspClient.read(der, id(FuzzFixture.GOOD), emt.certificate(), at, nonce, 0).status());
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);
        assertTrue(assertThrows(OcspClient.InvalidOcsp.class, () -> OcspClient.read(trailing, id(FuzzFixture.GOOD), emt.certificate(),
                at, nonce, 0)).getMessage().contains("not DER"));
        byte[] ber = TestPki.longFormLength(der);
        assertTrue(assertThrows(OcspClient.InvalidOcsp.class, () -> OcspClient.read(ber, id(FuzzFixture.GOOD), emt.certificate(),
                at, nonce, 0)).getMessage().contains("not DER"));
    }
}
