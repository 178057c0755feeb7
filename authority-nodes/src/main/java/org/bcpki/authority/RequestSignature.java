package org.bcpki.authority;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;

/**
 * How callers sign requests (the service's authentication scheme). Four headers:
 * {@code X-Bcpki-Key-Id}, {@code X-Bcpki-Timestamp} (unix seconds), {@code X-Bcpki-Nonce}
 * (16-64 characters of [A-Za-z0-9_-], never reused by a key) and {@code X-Bcpki-Signature}
 * (base64), a signature with the caller's registered key over
 * <pre>bcpki-request-v1 LF METHOD LF path LF timestamp LF nonce LF hex(sha256(body))</pre>
 */
public final class RequestSignature {
    public static final String KEY_ID = "X-Bcpki-Key-Id";
    public static final String TIMESTAMP = "X-Bcpki-Timestamp";
    public static final String NONCE = "X-Bcpki-Nonce";
    public static final String SIGNATURE = "X-Bcpki-Signature";

    private RequestSignature() {}

    public static byte[] signedBytes(String method, String path, long timestamp, String nonce, byte[] body) {
        return ("bcpki-request-v1\n" + method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n"
                + HexFormat.of().formatHex(sha256(body))).getBytes(StandardCharsets.UTF_8);
    }

    /** The headers a caller sends (what registrar tooling and the tests use). */
    public static Map<String, String> headers(SignatureSuite suite, PrivateKey key, String keyId, String method,
                                              String path, byte[] body, long timestamp, String nonce) {
        byte[] signature = suite.sign(key, signedBytes(method, path, timestamp, nonce, body));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(KEY_ID, keyId);
        headers.put(TIMESTAMP, Long.toString(timestamp));
        headers.put(NONCE, nonce);
        headers.put(SIGNATURE, Base64.getEncoder().encodeToString(signature));
        return headers;
    }

    /** The proof of possession a registrar's device key signs for a challenge. */
    public static byte[] proofOfPossessionBytes(String challenge, String subjectIdHex) {
        return ("bcpki-pop-v1\n" + challenge + "\n" + subjectIdHex).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What the current holder's key signs to hand its subject to a new key (a rotation proof,
     * finding 1): {@code bcpki-rotate-v1 LF challenge LF 0x subject id LF ROLE LF 0x new keyHash LF
     * notBefore LF notAfter}. The challenge is the request's, so a proof is good for one request.
     */
    public static byte[] rotationBytes(String challenge, String subjectIdHex, Role role, byte[] newKeyHash,
                                       long notBefore, long notAfter) {
        return ("bcpki-rotate-v1\n" + challenge + "\n" + subjectIdHex + "\n" + role.name() + "\n0x"
                + HexFormat.of().formatHex(newKeyHash) + "\n" + notBefore + "\n" + notAfter).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
