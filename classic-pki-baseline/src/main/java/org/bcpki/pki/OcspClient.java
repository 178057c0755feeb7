package org.bcpki.pki;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.bcpki.core.crypto.SignatureSuite;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.ResponseBytes;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Asks an OCSP responder (RFC 6960, HTTP POST) for one certificate's status and checks the answer:
 * signed by the issuer or by a responder the issuer delegated to (id-kp-OCSPSigning), matching
 * certificate id and nonce, and current at the validation time.
 */
public final class OcspClient {
    /**
     * What the responder said. {@code revokedAt} and {@code reason} only for REVOKED; {@code nextUpdate}
     * null when the responder gave none; {@code responseBytes} the DER size on the wire.
     */
    public record Answer(PkiStore.Status status, Instant revokedAt, int reason, long nanos, Instant thisUpdate, Instant nextUpdate,
                         int responseBytes) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private final HttpClient client;

    public OcspClient() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    public OcspClient(HttpClient client) {
        this.client = client;
    }

    /** A fresh answer bound to this request by a nonce (RFC 6960). */
    public Answer check(String url, X509CertificateHolder certificate, X509CertificateHolder issuer, Instant at) {
        return check(url, certificate, issuer, at, true);
    }

    /**
     * With {@code nonce} false, the RFC 5019 profile: no nonce is sent or required, so a pre-signed
     * response is accepted while current (thisUpdate not in the future, nextUpdate not passed).
     */
    public Answer check(String url, X509CertificateHolder certificate, X509CertificateHolder issuer, Instant at, boolean nonce) {
        long start = System.nanoTime();
        try {
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().setProvider(SignatureSuite.provider()).build();
            CertificateID id = new CertificateID(digests.get(CertificateID.HASH_SHA1), issuer, certificate.getSerialNumber());
            byte[] nonceBytes = new byte[16];
            RANDOM.nextBytes(nonceBytes);
            OCSPReqBuilder requestBuilder = new OCSPReqBuilder().addRequest(id);
            if (nonce) {
                requestBuilder.setRequestExtensions(new Extensions(Extension.create(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                        new DEROctetString(nonceBytes))));
            }
            OCSPReq request = requestBuilder.build();
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new CrlFetcher.RevocationUnavailable("OCSP responder " + url + " answered HTTP " + response.statusCode());
            }
            return read(response.body(), id, issuer, at, nonce ? nonceBytes : null, start);
        } catch (IOException e) {
            throw new CrlFetcher.RevocationUnavailable("OCSP request to " + url + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrlFetcher.RevocationUnavailable("interrupted during OCSP request");
        } catch (CrlFetcher.RevocationUnavailable | InvalidOcsp e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidOcsp("the OCSP request could not be made: " + e.getMessage());
        }
    }

    /**
     * Reads a responder's answer about certificate {@code id} of {@code issuer}: a DER OCSPResponse whose basic
     * response is signed by the issuer or its delegated responder, echoes {@code nonce} (null: none required),
     * covers {@code id} and is current at {@code at}. A refusal by the responder is RevocationUnavailable,
     * anything untrustworthy or malformed InvalidOcsp.
     */
    static Answer read(byte[] body, CertificateID id, X509CertificateHolder issuer, Instant at, byte[] nonce, long start) {
        try {
            OCSPResp ocsp = new OCSPResp(body);
            requireDer(ocsp.toASN1Structure(), body);
            if (ocsp.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new CrlFetcher.RevocationUnavailable("OCSP responder refused the request (status " + ocsp.getStatus() + ")");
            }
            ResponseBytes bytes = ocsp.toASN1Structure().getResponseBytes();
            if (bytes == null || !OCSPObjectIdentifiers.id_pkix_ocsp_basic.equals(bytes.getResponseType())) {
                throw new InvalidOcsp("the OCSP response is not a basic OCSP response");
            }
            byte[] inner = bytes.getResponse().getOctets();
            BasicOCSPResponse parsed = BasicOCSPResponse.getInstance(ASN1Primitive.fromByteArray(inner));
            requireDer(parsed, inner);
            BasicOCSPResp basic = new BasicOCSPResp(parsed);
            verifySigner(basic, issuer, at);
            Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null && (echoed == null
                    || !java.util.Arrays.equals(DEROctetString.getInstance(echoed.getParsedValue()).getOctets(), nonce))) {
                throw new InvalidOcsp("the OCSP response does not echo our nonce (possible replay)");
            }
            for (SingleResp single : basic.getResponses()) {
                if (single.getCertID().equals(id)) {
                    return answer(single, at, System.nanoTime() - start, body.length);
                }
            }
            throw new InvalidOcsp("the OCSP response does not cover serial " + Serials.toHex(id.getSerialNumber()));
        } catch (CrlFetcher.RevocationUnavailable | InvalidOcsp e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidOcsp("the OCSP response is malformed: " + e.getMessage());
        }
    }

    private static Answer answer(SingleResp single, Instant at, long nanos, int bytes) {
        if (single.getThisUpdate().toInstant().isAfter(at.plusSeconds(300))) {
            throw new InvalidOcsp("the OCSP response's thisUpdate is in the future");
        }
        if (single.getNextUpdate() != null && at.isAfter(single.getNextUpdate().toInstant())) {
            throw new InvalidOcsp("the OCSP response is stale (nextUpdate " + single.getNextUpdate().toInstant() + ")");
        }
        CertificateStatus status = single.getCertStatus();
        Instant thisUpdate = single.getThisUpdate().toInstant();
        Instant nextUpdate = single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant();
        if (status == CertificateStatus.GOOD) {
            return new Answer(PkiStore.Status.GOOD, null, 0, nanos, thisUpdate, nextUpdate, bytes);
        }
        if (status instanceof RevokedStatus revoked) {
            return new Answer(PkiStore.Status.REVOKED, revoked.getRevocationTime().toInstant(),
                    revoked.hasRevocationReason() ? revoked.getRevocationReason() : 0, nanos, thisUpdate, nextUpdate, bytes);
        }
        return new Answer(PkiStore.Status.UNKNOWN, null, 0, nanos, thisUpdate, nextUpdate, bytes);
    }

    /** The signature covers the DER of the response data, so only the DER itself is read (RFC 6960 4.2.1). */
    private static void requireDer(org.bouncycastle.asn1.ASN1Encodable parsed, byte[] input) {
        if (!java.util.Arrays.equals(Pem.der(parsed), input)) {
            throw new InvalidOcsp("the OCSP response is not DER-encoded, or followed by other bytes");
        }
    }

    /** The issuer signs itself, or a delegated responder certificate in the response carries id-kp-OCSPSigning. */
    private static void verifySigner(BasicOCSPResp basic, X509CertificateHolder issuer, Instant at) throws Exception {
        JcaContentVerifierProviderBuilder verifiers = new JcaContentVerifierProviderBuilder().setProvider(SignatureSuite.provider());
        if (basic.isSignatureValid(verifiers.build(issuer))) {
            return;
        }
        for (X509CertificateHolder responder : basic.getCerts()) {
            boolean delegated = Names.same(responder.getIssuer(), issuer.getSubject())
                    && responder.isSignatureValid(verifiers.build(issuer))
                    && responder.isValidOn(java.util.Date.from(at))
                    && org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(responder.getExtensions()) != null
                    && org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(responder.getExtensions())
                            .hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning);
            if (delegated && basic.isSignatureValid(verifiers.build(responder))) {
                return;
            }
        }
        throw new InvalidOcsp("the OCSP response is not signed by the issuer or a responder it delegated to");
    }

    /** The responder answered, but the answer cannot be trusted. */
    public static final class InvalidOcsp extends RuntimeException {
        public InvalidOcsp(String message) {
            super(message);
        }
    }

}
