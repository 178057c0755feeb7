package org.bcpki.mirror.rpc;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * JSON-RPC hex encodings, parsed strictly: DATA is {@code 0x} and an even number of hex digits;
 * a QUANTITY is {@code 0x} and at least one hex digit (leading zeros tolerated, since the value is
 * what gets verified). Lengths are bounded before anything is allocated.
 */
public final class Hex {
    private Hex() {}

    /** DATA of any length up to {@code maxBytes}. */
    public static Bytes data(String hex, int maxBytes, String what) {
        String digits = digits(hex, what);
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException(what + " has an odd number of hex digits");
        }
        if (digits.length() / 2 > maxBytes) {
            throw new IllegalArgumentException(what + " is longer than " + maxBytes + " bytes");
        }
        return Bytes.wrap(parse(digits, what));
    }

    /** DATA of exactly {@code length} bytes. */
    public static Bytes fixed(String hex, int length, String what) {
        Bytes bytes = data(hex, length, what);
        if (bytes.size() != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes, got " + bytes.size());
        }
        return bytes;
    }

    public static Bytes32 bytes32(String hex, String what) {
        return Bytes32.wrap(fixed(hex, 32, what));
    }

    /** A QUANTITY of at most {@code maxBits} bits. */
    public static BigInteger quantity(String hex, int maxBits, String what) {
        String digits = digits(hex, what);
        if (digits.isEmpty()) {
            throw new IllegalArgumentException(what + " is an empty quantity");
        }
        if (digits.length() > maxBits / 4 + 64) {
            throw new IllegalArgumentException(what + " is too long");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw new IllegalArgumentException(what + " is not hex: " + abbreviate(hex));
            }
        }
        BigInteger value = new BigInteger(digits, 16);
        if (value.bitLength() > maxBits) {
            throw new IllegalArgumentException(what + " exceeds " + maxBits + " bits");
        }
        return value;
    }

    public static long quantityLong(String hex, String what) {
        return quantity(hex, 63, what).longValueExact();
    }

    /** A QUANTITY left-padded to 32 bytes (storage keys and values may come minimal, e.g. 0x347). */
    public static Bytes32 quantity32(String hex, String what) {
        BigInteger value = quantity(hex, 256, what);
        byte[] raw = value.toByteArray();
        Bytes trimmed = Bytes.wrap(raw).trimLeadingZeros();
        return Bytes32.leftPad(trimmed);
    }

    public static String quantity(long value) {
        return "0x" + Long.toHexString(value);
    }

    public static String quantity(BigInteger value) {
        return "0x" + value.toString(16);
    }

    public static String data(Bytes bytes) {
        return bytes.toHexString();
    }

    private static String digits(String hex, String what) {
        if (hex == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (!hex.startsWith("0x") && !hex.startsWith("0X")) {
            throw new IllegalArgumentException(what + " must start with 0x: " + abbreviate(hex));
        }
        return hex.substring(2);
    }

    private static byte[] parse(String digits, String what) {
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int high = Character.digit(digits.charAt(2 * i), 16);
            int low = Character.digit(digits.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException(what + " is not hex");
            }
            out[i] = (byte) (high << 4 | low);
        }
        return out;
    }

    static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 24) + "...";
    }
}
