package org.bcpki.core.identity;

import java.util.Arrays;
import java.util.Locale;

/**
 * The roles of the smart-metering ecosystem (BSI TR-03109). The numeric codes are stored on chain
 * and must never change; code 0 is reserved for "no role".
 */
public enum Role {
    METER(1),
    SMGW(2),
    GWA(3),
    GWH(4),
    EMT(5),
    CLS(6),
    SERVICE_TECHNICIAN(7),
    AUTHORITY(8),
    /** A device manufacturer that signs firmware releases (issue #20, SoftwareRegistry). */
    MANUFACTURER(9);

    private final int code;

    Role(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Role fromCode(int code) {
        for (Role role : values()) {
            if (role.code == code) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role code " + code);
    }

    /** Parses a role name case-insensitively, accepting '-' for '_' (e.g. {@code service-technician}). */
    public static Role parse(String name) {
        String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Role role : values()) {
            if (role.name().equals(normalized)) {
                return role;
            }
        }
        throw new IllegalArgumentException(
                "unknown role '" + name + "'; expected one of " + Arrays.toString(values()));
    }
}
