package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.bcpki.core.crypto.SignatureSuite;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The OCSP responder (signed per request, and pre-signed per RFC 5019) on mutated requests against the
 * fixture PKI's store. Input: one byte (bit 0: the pre-signed responder), then the DER request. Properties:
 * <ul>
 *   <li>{@link OcspResponder#respond} never throws and always answers a DER OCSPResponse;</li>
 *   <li>an unparsable or empty request gets malformedRequest, a certificate id of no CA here unauthorized;</li>
 *   <li>a successful answer is signed by the CA the first certificate id names, answers exactly the
 *       requested ids, and says good only for a serial that CA issued and nobody revoked, revoked only for a
 *       revoked one, and unknown otherwise (also for ids of another CA);</li>
 *   <li>the per-request responder echoes the nonce; the pre-signed one keeps responses only for issued serials.</li>
 * </ul>
 */
class OcspResponderFuzzTest {
    private static final SmPki PKI = FuzzFixture.open();
    private static final OcspResponder PER_REQUEST = new OcspResponder(PKI, OcspResponder.Signing.PER_REQUEST);
    private static final OcspResponder PRESIGNED = new OcspResponder(PKI, OcspResponder.Signing.PRESIGNED);
    private static final DigestCalculatorProvider DIGESTS = digests();
    /** At most one stored response per issued certificate (7 here) and hash algorithm the JCA provider knows. */
    private static final int PRESIGNED_BOUND = 7 * 64;

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void answersOnlyWhatTheStoreSays(byte[] input) throws Exception {
        if (input.length < 1) {
            return;
        }
        boolean presigned = (input[0] & 1) != 0;
        byte[] requestDer = Arrays.copyOfRange(input, 1, input.length);
        OcspResponder responder = presigned ? PRESIGNED : PER_REQUEST;
        byte[] answer = responder.respond(requestDer);
        OCSPResp response = new OCSPResp(answer);
        assertArrayEquals(Pem.der(response.toASN1Structure()), answer, "the responder's answer is not DER");
        OCSPReq request = parse(requestDer);
        if (request == null || request.getRequestList().length == 0) {
            assertEquals(OCSPRespBuilder.MALFORMED_REQUEST, response.getStatus());
            return;
        }
        Req[] entries = request.getRequestList();
        CertificateAuthority ca = issuerOf(entries[0].getCertID());
        if (ca == null) {
            assertEquals(OCSPRespBuilder.UNAUTHORIZED, response.getStatus());
            return;
        }
        assertEquals(OCSPRespBuilder.SUCCESSFUL, response.getStatus());
        BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
        assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(SignatureSuite.provider())
                .build(ca.certificate())), "not signed by " + ca.id());
        SingleResp[] singles = basic.getResponses();
        assertEquals(entries.length, singles.length);
        for (int i = 0; i < entries.length; i++) {
            assertEquals(entries[i].getCertID(), singles[i].getCertID(), "answers another certificate id");
            assertStatus(matches(singles[i].getCertID(), ca) ? ca : null, singles[i]);
        }
        if (!presigned && request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce) != null) {
            assertEquals(request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce),
                    basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce), "nonce not echoed");
        }
        assertTrue(PRESIGNED.presignedCount() <= PRESIGNED_BOUND, "pre-signed responses pile up: " + PRESIGNED.presignedCount());
    }

    /** What the store says of this serial, independently of the responder: GOOD only if the CA issued it and it is not revoked. */
    private static void assertStatus(CertificateAuthority ca, SingleResp single) {
        BigInteger serial = single.getCertID().getSerialNumber();
        CertificateStatus status = single.getCertStatus();
        var issued = PKI.store().certificate(serial).filter(c -> ca != null && c.caId().equals(ca.id()));
        var revocation = PKI.store().revocation(serial);
        if (issued.isEmpty()) {
            assertTrue(status instanceof UnknownStatus, "a status other than unknown for a serial " + (ca == null ? "of another CA"
                    : ca.id() + " never issued") + ": " + Serials.toHex(serial));
        } else if (revocation.isPresent()) {
            assertTrue(status instanceof RevokedStatus, "not revoked: " + Serials.toHex(serial));
            assertEquals(revocation.get().revokedAt(), ((RevokedStatus) status).getRevocationTime().toInstant());
        } else if (status != CertificateStatus.GOOD) {
            fail("not good: " + Serials.toHex(serial));
        }
    }

    /** The request if it reads in full (Bouncy Castle parses its entries only when asked), else null. */
    private static OCSPReq parse(byte[] der) {
        try {
            OCSPReq request = new OCSPReq(der);
            for (Req entry : request.getRequestList()) {
                entry.getCertID();
            }
            return request;
        } catch (Exception malformed) {
            return null;
        }
    }

    private static CertificateAuthority issuerOf(CertificateID id) {
        List<CertificateAuthority> all = PKI.authorities();
        for (CertificateAuthority ca : all) {
            if (matches(id, ca)) {
                return ca;
            }
        }
        return null;
    }

    private static boolean matches(CertificateID id, CertificateAuthority ca) {
        try {
            return id.matchesIssuer(ca.certificate(), DIGESTS);
        } catch (Exception e) {
            return false;
        }
    }

    private static DigestCalculatorProvider digests() {
        try {
            return new JcaDigestCalculatorProviderBuilder().setProvider(SignatureSuite.provider()).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
