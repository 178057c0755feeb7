package org.bcpki.core.release;

/** The status byte of a release record on chain. Codes are part of the contract's storage layout. */
public enum ReleaseStatus {
    NONE(0),
    PENDING(1),
    APPROVED(2),
    REVOKED(3);

    private final int code;

    ReleaseStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ReleaseStatus fromCode(int code) {
        for (ReleaseStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown release status code " + code);
    }
}
