package org.bcpki.authority;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.http.RequestSigning;
import org.bcpki.core.identity.Role;

/**
 * How callers sign requests to the authority service: core's {@link RequestSigning} with the tag
 * {@value #TAG} and the caller's registered key id in {@value #KEY_ID} as its {@code keyid}. Also the
 * other messages a registrar's tooling signs (proof of possession, rotation).
 */
public final class RequestSignature {
    public static final String TAG = "bcpki-authority";
    public static final String KEY_ID = "X-Bcpki-Key-Id";
    public static final String TIMESTAMP = RequestSigning.TIMESTAMP;
    public static final String NONCE = RequestSigning.NONCE;
    public static final String SIGNATURE = RequestSigning.SIGNATURE;

    private RequestSignature() {}

    /** What a caller's signature covers ({@code query}: null for none). */
    public static RequestSigning.Covered covered(String method, String path, String query, long timestamp, String nonce,
            byte[] body, String keyId) {
        return new RequestSigning.Covered(TAG, method, path, query, body, keyId, timestamp, nonce);
    }

    /** The headers a caller sends (what registrar tooling and the tests use); the request has no query. */
    public static Map<String, String> headers(SignatureSuite suite, PrivateKey key, String keyId, String method,
                                              String path, byte[] body, long timestamp, String nonce) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(KEY_ID, keyId);
        headers.putAll(covered(method, path, null, timestamp, nonce, body, keyId).sign(suite, key));
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
        return RequestSigning.sha256(data);
    }
}
