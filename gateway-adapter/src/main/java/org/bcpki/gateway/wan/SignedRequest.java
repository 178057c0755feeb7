package org.bcpki.gateway.wan;

import java.security.KeyPair;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.http.RequestSigning;

/**
 * How an EMT signs a WAN request (see the README): core's {@link RequestSigning} with the tag
 * {@value #TAG} and the EMT's identity ({@value #SUBJECT}) as its {@code keyid}, plus the key itself in
 * {@value #KEY} (the gateway checks it against the identity's grant or certificate).
 */
public final class SignedRequest {
    public static final String TAG = "bcpki-wan";
    public static final String SUBJECT = "X-Bcpki-Subject";
    public static final String KEY = "X-Bcpki-Key";
    public static final String TIMESTAMP = RequestSigning.TIMESTAMP;
    public static final String NONCE = RequestSigning.NONCE;
    public static final String SIGNATURE = RequestSigning.SIGNATURE;
    /**
     * Optional: the EMT's X.509 chain for {@code --trust x509}, leaf first, each certificate base64 DER,
     * separated by commas. Not signed: it only binds through the key its leaf must carry.
     */
    public static final String CERTIFICATES = "X-Bcpki-Certificates";

    private SignedRequest() {}

    /** The headers an EMT adds to a request at {@code timestamp} (unix seconds), signed with its key. */
    public static Map<String, String> headers(String method, String path, String query, byte[] body, String subject,
            KeyAlgorithm algorithm, KeyPair keyPair, long timestamp, String nonce) {
        SignatureSuite suite = SignatureSuite.of(algorithm);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SUBJECT, subject);
        headers.put(KEY, Base64.getEncoder().encodeToString(suite.encodePublicKey(keyPair.getPublic())));
        headers.putAll(covered(method, path, query, body, subject, timestamp, nonce).sign(suite, keyPair.getPrivate()));
        return headers;
    }

    /** The same headers plus {@value #CERTIFICATES} presenting {@code chain}, whose leaf must carry the key. */
    public static Map<String, String> headers(String method, String path, String query, byte[] body, String subject,
            KeyAlgorithm algorithm, KeyPair keyPair, long timestamp, String nonce,
            org.bcpki.gateway.reading.CertificateChain chain) {
        Map<String, String> headers = headers(method, path, query, body, subject, algorithm, keyPair, timestamp, nonce);
        headers.put(CERTIFICATES, encodeCertificates(chain));
        return headers;
    }

    public static String encodeCertificates(org.bcpki.gateway.reading.CertificateChain chain) {
        return String.join(",", chain.certificates().stream().map(Base64.getEncoder()::encodeToString).toList());
    }

    /** Parses the {@value #CERTIFICATES} header; {@link IllegalArgumentException} when malformed. */
    public static org.bcpki.gateway.reading.CertificateChain decodeCertificates(String header) {
        String[] parts = header.split(",", -1);
        if (parts.length > org.bcpki.gateway.reading.CertificateChain.MAX_CERTIFICATES) {
            throw new IllegalArgumentException("too many certificates in " + CERTIFICATES);
        }
        java.util.List<byte[]> der = new java.util.ArrayList<>();
        for (String part : parts) {
            der.add(Base64.getDecoder().decode(part.trim()));
        }
        return new org.bcpki.gateway.reading.CertificateChain(der);
    }

    /** What an EMT's signature covers ({@code query}: null for none). */
    static RequestSigning.Covered covered(String method, String path, String query, byte[] body, String subject,
            long timestamp, String nonce) {
        return new RequestSigning.Covered(TAG, method, path, query, body, subject, timestamp, nonce);
    }
}
