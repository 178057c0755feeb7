package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.ocsp.ResponseBytes;
import org.bouncycastle.asn1.ocsp.ResponseData;
import org.bouncycastle.asn1.ocsp.SingleResponse;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The relying party's reading of an OCSP answer ({@link OcspClient#read}) about a fixture EMT certificate,
 * on mutated responses. Input: one byte (bit 0: a nonce is required; bit 1: the rest is a ResponseData that
 * the test signs with the issuing CA's key, so the checks after the signature are reached; bit 2: ask about
 * the revoked serial instead of the good one), then the DER. Properties:
 * <ul>
 *   <li>a refusal is InvalidOcsp or RevocationUnavailable, raised by the project;</li>
 *   <li>unsigned by the test, an accepted answer's signed response data is byte for byte a seed's
 *       (the fuzzer cannot sign), and the input is exactly its DER;</li>
 *   <li>an accepted answer says what the response's entry for the asked certificate id says, is current at
 *       the check time, and carries the nonce when one is required.</li>
 * </ul>
 */
class OcspResponseFuzzTest {
    /** The check time: inside the seed responses' validity (they were signed an hour earlier, valid for 24 h). */
    static final Instant AT = Instant.parse("2026-12-07T16:15:12Z");
    static final byte[] NONCE = "bcpki-fuzz-nonce".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final SmPki PKI = FuzzFixture.open();
    private static final CertificateAuthority EMT = PKI.subCa(Role.EMT);
    private static final Set<ByteBuffer> SIGNED_BY_SEEDS = new HashSet<>();

    static {
        for (byte[] seed : FuzzFixture.seeds(OcspResponseFuzzTest.class, "acceptsOnlyWhatTheIssuerSigned")) {
            if ((seed[0] & 2) == 0) {
                ResponseData data = dataOfResponse(Arrays.copyOfRange(seed, 1, seed.length));
                if (data != null) {
                    SIGNED_BY_SEEDS.add(ByteBuffer.wrap(Pem.der(data)));
                }
            }
        }
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void acceptsOnlyWhatTheIssuerSigned(byte[] input) throws Exception {
        if (input.length < 1) {
            return;
        }
        byte[] nonce = (input[0] & 1) != 0 ? NONCE : null;
        boolean signedHere = (input[0] & 2) != 0;
        BigInteger serial = (input[0] & 4) != 0 ? FuzzFixture.REVOKED : FuzzFixture.GOOD;
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        if (signedHere) {
            body = signedResponse(body);
            if (body == null) {
                return;
            }
        }
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().setProvider(SignatureSuite.provider()).build()
                .get(CertificateID.HASH_SHA1), EMT.certificate(), serial);
        OcspClient.Answer answer;
        try {
            answer = OcspClient.read(body, id, EMT.certificate(), AT, nonce, System.nanoTime());
        } catch (OcspClient.InvalidOcsp | CrlFetcher.RevocationUnavailable refused) {
            assertTrue(FuzzFixture.raisedByProject(refused), () -> "not a refusal of the project's own: " + refused);
            return;
        }
        ResponseData data = dataOfResponse(body);
        assertNotNull(data);
        if (!signedHere) {
            assertTrue(SIGNED_BY_SEEDS.contains(ByteBuffer.wrap(Pem.der(data))), "accepted response data the issuer never signed");
        }
        assertAnswerReads(data, id, nonce, answer);
    }

    /** The answer is the response's first entry for {@code id}, current at AT, with the nonce if one was required. */
    private static void assertAnswerReads(ResponseData data, CertificateID id, byte[] nonce, OcspClient.Answer answer) throws Exception {
        SingleResponse entry = null;
        for (int i = 0; i < data.getResponses().size() && entry == null; i++) {
            SingleResponse candidate = SingleResponse.getInstance(data.getResponses().getObjectAt(i));
            if (candidate.getCertID().equals(id.toASN1Primitive())) {
                entry = candidate;
            }
        }
        assertNotNull(entry, "accepted an answer without an entry for the certificate asked about");
        Instant thisUpdate = entry.getThisUpdate().getDate().toInstant();
        assertEquals(thisUpdate, answer.thisUpdate());
        assertTrue(!thisUpdate.isAfter(AT.plusSeconds(300)), "accepted an answer from the future");
        if (entry.getNextUpdate() != null) {
            assertTrue(!AT.isAfter(entry.getNextUpdate().getDate().toInstant()), "accepted a stale answer");
        }
        PkiStore.Status expected = switch (entry.getCertStatus().getTagNo()) {
            case 0 -> PkiStore.Status.GOOD;
            case 1 -> PkiStore.Status.REVOKED;
            default -> PkiStore.Status.UNKNOWN;
        };
        assertEquals(expected, answer.status());
        if (nonce != null) {
            Extension echoed = data.getResponseExtensions() == null ? null
                    : data.getResponseExtensions().getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            assertNotNull(echoed, "accepted an answer without the required nonce");
            assertTrue(Arrays.equals(nonce, DEROctetString.getInstance(echoed.getParsedValue()).getOctets()));
        }
    }

    /** The response data signed by the EMT CA itself, wrapped as a successful basic OCSP response; null if not a ResponseData. */
    private static byte[] signedResponse(byte[] responseData) throws Exception {
        ResponseData data = bareResponseData(responseData);
        if (data == null) {
            return null;
        }
        ContentSigner signer = EMT.signer();
        try (OutputStream out = signer.getOutputStream()) {
            out.write(Pem.der(data));
        }
        BasicOCSPResponse basic = new BasicOCSPResponse(data, signer.getAlgorithmIdentifier(), new DERBitString(signer.getSignature()), null);
        return Pem.der(new OCSPResponse(new OCSPResponseStatus(OCSPResponseStatus.SUCCESSFUL),
                new ResponseBytes(OCSPObjectIdentifiers.id_pkix_ocsp_basic, new DEROctetString(Pem.der(basic)))));
    }

    /** The signed response data of a DER OCSPResponse, or null when it has none. */
    private static ResponseData dataOfResponse(byte[] der) {
        try {
            OCSPResponse response = OCSPResponse.getInstance(ASN1Primitive.fromByteArray(der));
            return response.getResponseBytes() == null ? null : BasicOCSPResponse.getInstance(
                    ASN1Primitive.fromByteArray(response.getResponseBytes().getResponse().getOctets())).getTbsResponseData();
        } catch (Exception malformed) {
            return null;
        }
    }

    /** A DER ResponseData, or null. */
    private static ResponseData bareResponseData(byte[] der) {
        try {
            return ResponseData.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (Exception malformed) {
            return null;
        }
    }
}
