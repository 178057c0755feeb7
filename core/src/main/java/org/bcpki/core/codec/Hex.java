package org.bcpki.core.codec;

import java.math.BigInteger;
import java.util.HexFormat;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.MalformedDataException;

/**
 * The one {@code 0x} hex codec (Ethereum JSON-RPC DATA and QUANTITY, hashes, keys in files), parsed strictly: DATA is {@code 0x} and an even number of hex digits; a
 * QUANTITY is canonical as the Ethereum JSON-RPC specification requires ({@code 0x0}, or {@code 0x}
 * and lowercase digits without leading zeros). Only ASCII hex digits count. Lengths are bounded
 * before anything is allocated. Errors are {@link MalformedDataException}.
 */
public final class Hex {
    private Hex() {}

    /** DATA of any length up to {@code maxBytes}; digits in either case (addresses may carry EIP-55 case). */
    public static Bytes data(String hex, int maxBytes, String what) {
        String digits = digits(hex, what);
        if (digits.length() % 2 != 0) {
            throw new MalformedDataException(what + " has an odd number of hex digits");
        }
        if (digits.length() / 2 > maxBytes) {
            throw new MalformedDataException(what + " is longer than " + maxBytes + " bytes");
        }
        return Bytes.wrap(parse(digits, what));
    }

    /** DATA of exactly {@code length} bytes. */
    public static Bytes fixed(String hex, int length, String what) {
        Bytes bytes = data(hex, length, what);
        if (bytes.size() != length) {
            throw new MalformedDataException(what + " must be " + length + " bytes, got " + bytes.size());
        }
        return bytes;
    }

    public static Bytes32 bytes32(String hex, String what) {
        return Bytes32.wrap(fixed(hex, 32, what));
    }

    /** A canonical QUANTITY of at most {@code maxBits} bits. */
    public static BigInteger quantity(String hex, int maxBits, String what) {
        String digits = digits(hex, what);
        if (digits.isEmpty()) {
            throw new MalformedDataException(what + " is an empty quantity");
        }
        if (digits.length() > (maxBits + 3) / 4) {
            throw new MalformedDataException(what + " exceeds " + maxBits + " bits or has leading zeros");
        }
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw new MalformedDataException(what + " has leading zeros: " + abbreviate(hex));
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                throw new MalformedDataException(what + " is not a lowercase hex quantity: " + abbreviate(hex));
            }
        }
        BigInteger value = new BigInteger(digits, 16);
        if (value.bitLength() > maxBits) {
            throw new MalformedDataException(what + " exceeds " + maxBits + " bits");
        }
        return value;
    }

    public static long quantityLong(String hex, String what) {
        return quantity(hex, 63, what).longValueExact();
    }

    /**
     * A storage key or value of an {@code eth_getProof} answer, left-padded to 32 bytes: up to 64 hex
     * digits, leading zeros and odd lengths allowed. Nodes differ here (geth echoes the key as it was
     * requested, 32 bytes; Besu sends minimal whole bytes, {@code 0x01}; others a quantity, {@code 0x1}),
     * and the word proven is what counts, never its spelling.
     */
    public static Bytes32 storageWord(String hex, String what) {
        String digits = digits(hex, what);
        if (digits.isEmpty()) {
            throw new MalformedDataException(what + " is empty");
        }
        if (digits.length() > 64) {
            throw new MalformedDataException(what + " is longer than 32 bytes");
        }
        return Bytes32.leftPad(Bytes.wrap(parse(digits.length() % 2 == 0 ? digits : "0" + digits, what)));
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

    /** {@code 0x} and two lowercase digits per byte. */
    public static String data(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** Exactly {@code length} bytes, {@code 0x} optional (keys and hashes typed by people), as a plain array. */
    public static byte[] bytes(String hex, int length, String what) {
        if (hex == null) {
            throw new MalformedDataException(what + " is missing");
        }
        return fixed(hex.startsWith("0x") ? hex : "0x" + hex, length, what).toArrayUnsafe();
    }

    private static String digits(String hex, String what) {
        if (hex == null) {
            throw new MalformedDataException(what + " is missing");
        }
        if (!hex.startsWith("0x")) {
            throw new MalformedDataException(what + " must start with 0x: " + abbreviate(hex));
        }
        return hex.substring(2);
    }

    private static byte[] parse(String digits, String what) {
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int high = digit(digits.charAt(2 * i));
            int low = digit(digits.charAt(2 * i + 1));
            if (high < 0 || low < 0) {
                throw new MalformedDataException(what + " is not hex");
            }
            out[i] = (byte) (high << 4 | low);
        }
        return out;
    }

    /** An ASCII hex digit's value, else -1 (Character.digit would also take Arabic-Indic or fullwidth digits). */
    public static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 24) + "...";
    }
}
