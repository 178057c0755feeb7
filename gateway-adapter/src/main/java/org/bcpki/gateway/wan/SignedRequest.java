package org.bcpki.gateway.wan;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;

/**
 * How an EMT signs a WAN request (see the README): five headers, the signature covering
 * {@code "bcpki-wan-request-v1" LF method LF path LF query LF subject LF time LF nonce LF hex(SHA-256(body))}.
 */
public final class SignedRequest {
    public static final String SUBJECT = "X-Bcpki-Subject";
    public static final String KEY = "X-Bcpki-Key";
    public static final String TIME = "X-Bcpki-Time";
    public static final String NONCE = "X-Bcpki-Nonce";
    public static final String SIGNATURE = "X-Bcpki-Signature";
    /**
     * Optional: the EMT's X.509 chain for {@code --trust x509}, leaf first, each certificate base64 DER,
     * separated by commas. Not signed: it only binds through the key its leaf must carry.
     */
    public static final String CERTIFICATES = "X-Bcpki-Certificates";

    private SignedRequest() {}

    /** The headers an EMT adds to a request, signed with its key. */
    public static Map<String, String> headers(String method, String path, String query, byte[] body, String subject,
            KeyAlgorithm algorithm, KeyPair keyPair, long timeMillis, String nonce) {
        SignatureSuite suite = SignatureSuite.of(algorithm);
        byte[] signature = suite.sign(keyPair.getPrivate(),
                signedBytes(method, path, query, body, subject, timeMillis, nonce));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SUBJECT, subject);
        headers.put(KEY, Base64.getEncoder().encodeToString(suite.encodePublicKey(keyPair.getPublic())));
        headers.put(TIME, Long.toString(timeMillis));
        headers.put(NONCE, nonce);
        headers.put(SIGNATURE, Base64.getEncoder().encodeToString(signature));
        return headers;
    }

    /** The same headers plus {@value #CERTIFICATES} presenting {@code chain}, whose leaf must carry the key. */
    public static Map<String, String> headers(String method, String path, String query, byte[] body, String subject,
            KeyAlgorithm algorithm, KeyPair keyPair, long timeMillis, String nonce,
            org.bcpki.gateway.reading.CertificateChain chain) {
        Map<String, String> headers = headers(method, path, query, body, subject, algorithm, keyPair, timeMillis, nonce);
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

    static byte[] signedBytes(String method, String path, String query, byte[] body, String subject, long timeMillis,
            String nonce) {
        String text = "bcpki-wan-request-v1\n" + method + "\n" + path + "\n" + (query == null ? "" : query) + "\n"
                + subject + "\n" + timeMillis + "\n" + nonce + "\n" + HexFormat.of().formatHex(sha256(body));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
