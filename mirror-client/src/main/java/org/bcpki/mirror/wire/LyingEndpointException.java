package org.bcpki.mirror.wire;

/**
 * An endpoint's answer failed verification (invalid header, invalid proof, inconsistent data). The
 * endpoint that gave it is dropped; the caller may ask another one.
 */
public final class LyingEndpointException extends Exception {
    public LyingEndpointException(String message) {
        super(message);
    }

    public LyingEndpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
