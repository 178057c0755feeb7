package org.bcpki.pki;

import java.util.Arrays;
import java.util.Locale;

/** RFC 5280 CRLReason codes accepted for revocation (certificateHold and removeFromCRL are not used). */
public enum RevocationReason {
    UNSPECIFIED(0),
    KEY_COMPROMISE(1),
    CA_COMPROMISE(2),
    AFFILIATION_CHANGED(3),
    SUPERSEDED(4),
    CESSATION_OF_OPERATION(5),
    PRIVILEGE_WITHDRAWN(9);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static RevocationReason fromCode(int code) {
        for (RevocationReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        return UNSPECIFIED;
    }

    /** Accepts {@code keyCompromise}, {@code key-compromise} or {@code KEY_COMPROMISE}. */
    public static RevocationReason parse(String name) {
        String wanted = name.trim().replace("-", "").replace("_", "").toUpperCase(Locale.ROOT);
        for (RevocationReason reason : values()) {
            if (reason.name().replace("_", "").equals(wanted)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown revocation reason '" + name + "'; expected one of "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT).replace("_", "-"));
    }
}
