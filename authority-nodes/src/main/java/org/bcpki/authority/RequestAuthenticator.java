package org.bcpki.authority;

import java.sql.SQLException;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.http.RequestSigning;

/** Checks {@link RequestSignature} headers: known key, fresh timestamp, unused nonce, valid signature. */
final class RequestAuthenticator {
    static final long MAX_SKEW_SECONDS = 300;

    /** Where verified requests' nonces are remembered (the service's SQLite table). */
    @FunctionalInterface
    interface NonceMemory {
        /** Remembers {@code nonce} of {@code keyId} until {@code expiresAt}; false when it was seen before. */
        boolean remember(String keyId, String nonce, long expiresAt, long now) throws SQLException;
    }

    private final CallerDirectory callers;
    private final NonceMemory nonces;

    RequestAuthenticator(CallerDirectory callers, NonceMemory nonces) {
        this.callers = callers;
        this.nonces = nonces;
    }

    /** The authenticated caller, or an {@link ApiException} (401) saying what is wrong. */
    Caller authenticate(String method, String path, String query, byte[] body, RequestHeaders headers, long now)
            throws SQLException {
        String keyId = headers.get(RequestSignature.KEY_ID);
        String timestampText = headers.get(RequestSignature.TIMESTAMP);
        String nonce = headers.get(RequestSignature.NONCE);
        String signatureText = headers.get(RequestSignature.SIGNATURE);
        if (keyId == null || timestampText == null || nonce == null || signatureText == null) {
            throw ApiException.unauthorized("anonymous requests may not write: sign the request ("
                    + RequestSignature.KEY_ID + ", " + RequestSignature.TIMESTAMP + ", " + RequestSignature.NONCE
                    + ", " + RequestSignature.SIGNATURE + ")");
        }
        Caller caller = callers.find(keyId).orElseThrow(() -> ApiException.unauthorized("unknown key id '" + keyId + "'"));
        long timestamp;
        byte[] signature;
        try {
            timestamp = RequestSigning.timestamp(timestampText);
            if (Math.abs(now - timestamp) > MAX_SKEW_SECONDS) {
                throw ApiException.unauthorized("timestamp is more than " + MAX_SKEW_SECONDS + " s away from the server's clock");
            }
            RequestSigning.nonce(nonce);
            signature = RequestSigning.signature(signatureText);
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized(e.getMessage());
        }
        boolean valid;
        try {
            valid = SignatureSuite.of(caller.algorithm()).verify(caller.publicKey(),
                    RequestSignature.covered(method, path, query, timestamp, nonce, body, keyId).signatureBase(), signature);
        } catch (IllegalArgumentException e) {
            valid = false;
        }
        if (!valid) {
            throw ApiException.unauthorized("signature does not verify with the key registered for '" + keyId + "'");
        }
        // Only a verified request may consume its nonce (otherwise anyone could burn nonces).
        if (!nonces.remember(keyId, nonce, timestamp + MAX_SKEW_SECONDS, now)) {
            throw ApiException.unauthorized("nonce already used: replayed request");
        }
        return caller;
    }

    /** The request's HTTP headers by name. */
    interface RequestHeaders {
        String get(String name);
    }
}
