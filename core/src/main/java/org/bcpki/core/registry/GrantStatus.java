package org.bcpki.core.registry;

/** The status byte of a grant record on chain. Codes are part of the contract's storage layout. */
public enum GrantStatus {
    NONE(0),
    ACTIVE(1),
    REVOKED(2),
    SUSPENDED(3);

    private final int code;

    GrantStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static GrantStatus fromCode(int code) {
        for (GrantStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown grant status code " + code);
    }
}
