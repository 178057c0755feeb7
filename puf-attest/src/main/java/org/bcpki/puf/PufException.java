package org.bcpki.puf;

/**
 * Any failure to obtain a PUF key: bad helper data, a read too noisy to correct, a device that does
 * not answer or answers garbage. The {@link Kind} says which, the message says it in words; in every
 * case no key is returned.
 */
public final class PufException extends RuntimeException {
    public enum Kind {
        /** Helper data is malformed, the wrong length, or for another code. */
        HELPER_DATA_INVALID,
        /** Helper data differs from what was enrolled (its hash does not match). */
        HELPER_DATA_ALTERED,
        /** The read could not be corrected back to the enrolled key (too noisy or another device). */
        RECONSTRUCTION_FAILED,
        /** A serial PUF device did not answer in time. */
        DEVICE_TIMEOUT,
        /** A serial PUF device answered with a bad frame, checksum or error code. */
        DEVICE_PROTOCOL,
        /** The serial port could not be opened, read or written. */
        DEVICE_IO
    }

    private final Kind kind;

    public PufException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PufException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
