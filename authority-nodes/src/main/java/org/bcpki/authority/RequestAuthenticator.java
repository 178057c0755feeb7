package org.bcpki.authority;

import java.sql.SQLException;
import java.util.Base64;
import java.util.regex.Pattern;
import org.bcpki.core.crypto.SignatureSuite;

/** Checks {@link RequestSignature} headers: known key, fresh timestamp, unused nonce, valid signature. */
final class RequestAuthenticator {
    static final long MAX_SKEW_SECONDS = 300;
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    /** Unix seconds in plain decimal: the spelling the signed bytes use, and no other. */
    private static final Pattern TIMESTAMP = Pattern.compile("0|[1-9][0-9]{0,17}");

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
    Caller authenticate(String method, String path, byte[] body, RequestHeaders headers, long now) throws SQLException {
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
        // Long.parseLong would also take "+1", "01" and non-ASCII digits: spellings the signature does not cover.
        if (!TIMESTAMP.matcher(timestampText).matches()) {
            throw ApiException.unauthorized("timestamp is not unix seconds in plain decimal");
        }
        long timestamp = Long.parseLong(timestampText);
        if (Math.abs(now - timestamp) > MAX_SKEW_SECONDS) {
            throw ApiException.unauthorized("timestamp is more than " + MAX_SKEW_SECONDS + " s away from the server's clock");
        }
        if (!NONCE.matcher(nonce).matches()) {
            throw ApiException.unauthorized("nonce must be 16-64 characters of [A-Za-z0-9_-]");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureText);
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized("signature is not base64");
        }
        // The decoder also takes missing padding and non-zero spare bits: one signature, one spelling.
        if (!Base64.getEncoder().encodeToString(signature).equals(signatureText)) {
            throw ApiException.unauthorized("signature is not in canonical base64 (padded, no spare bits)");
        }
        boolean valid;
        try {
            valid = SignatureSuite.of(caller.algorithm()).verify(caller.publicKey(),
                    RequestSignature.signedBytes(method, path, timestamp, nonce, body), signature);
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
