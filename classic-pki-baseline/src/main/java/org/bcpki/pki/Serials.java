package org.bcpki.pki;

import java.math.BigInteger;
import java.util.Locale;

/** Serial numbers as the store and the CLI write them: upper-case hex without prefix. */
public final class Serials {
    private Serials() {}

    public static String toHex(BigInteger serial) {
        return serial.toString(16).toUpperCase(Locale.ROOT);
    }

    /** Parses {@code 0x}-prefixed or bare hex, as printed by {@code issue}. */
    public static BigInteger parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        try {
            if (trimmed.startsWith("0x") || trimmed.startsWith("0X")) {
                return positive(new BigInteger(trimmed.substring(2), 16));
            }
            return positive(new BigInteger(trimmed, 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a serial number is hex (as printed by issue), got '" + text + "'");
        }
    }

    private static BigInteger positive(BigInteger serial) {
        if (serial.signum() <= 0) {
            throw new IllegalArgumentException("a serial number must be positive");
        }
        return serial;
    }
}
