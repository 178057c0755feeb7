package org.bcpki.core.identity;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.Keccak;

/**
 * The 32-byte on-chain key of an identity: {@code keccak256("bcpki:subject:" + canonical)}.
 *
 * <p>The canonical identity string is either a meter's server ID in DIN 43863-5 form (media digit,
 * three-letter manufacturer FLAG ID, two-digit fabrication block, eight-digit serial, e.g.
 * {@code 1ESY1160000000}; letters upper-cased) or an organisation identity (gateway administrator,
 * manufacturer, market participant, gateway, authority) such as {@code stadtwerke-nord.emt}: a letter
 * followed by 1..63 letters, digits, '.', '-' or '_', lower-cased. Anything starting with a digit is
 * read as a meter ID and must be a valid one.
 *
 * <p>Identity strings are ASCII only: a non-ASCII character is refused and named before any case
 * mapping, because Unicode case mapping folds look-alikes into ASCII (the Kelvin sign U+212A becomes
 * 'k', the long s U+017F becomes 'S'), which would let a look-alike name address a real identity.
 */
public final class SubjectId {
    public static final int LENGTH = 32;

    private static final String DOMAIN_TAG = "bcpki:subject:";
    private static final Pattern METER_ID = Pattern.compile("[0-9][A-Z]{3}[0-9]{2}[0-9]{8}");
    private static final Pattern ORGANISATION = Pattern.compile("[a-z][a-z0-9._-]{1,63}");

    private final byte[] bytes;
    private final String canonical; // null when built from raw bytes (e.g. read from chain)

    private SubjectId(byte[] bytes, String canonical) {
        this.bytes = bytes;
        this.canonical = canonical;
    }

    /** Parses a meter server ID or an organisation identity; throws with a clear reason otherwise. */
    public static SubjectId parse(String identity) {
        String canonical = canonicalize(identity);
        byte[] hash = Keccak.keccak256((DOMAIN_TAG + canonical).getBytes(StandardCharsets.UTF_8));
        return new SubjectId(hash, canonical);
    }

    /** Wraps the 32 raw bytes of a subject id whose identity string is not known. */
    public static SubjectId ofBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a subject id has 32 bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        return new SubjectId(bytes.clone(), null);
    }

    /** Parses {@code 0x}-prefixed 64 hex digits. */
    public static SubjectId ofHex(String hex) {
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a subject id is 64 hex digits, got " + digits.length());
        }
        try {
            return ofBytes(HexFormat.of().parseHex(digits));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a subject id must be hex: " + hex, e);
        }
    }

    /** Parses an identity that must already be in canonical form (no trimming, no case mapping). */
    public static SubjectId parseCanonical(String identity) {
        SubjectId id = parse(identity);
        if (!id.canonical.equals(identity)) {
            throw new IllegalArgumentException("'" + identity + "' is not in canonical form; it must be written '"
                    + id.canonical + "'");
        }
        return id;
    }

    /** Returns true when the identity string is a valid meter server ID (after upper-casing ASCII). */
    public static boolean isMeterId(String identity) {
        return identity != null && firstNonAscii(identity) < 0
                && METER_ID.matcher(identity.trim().toUpperCase(Locale.ROOT)).matches();
    }

    static String canonicalize(String identity) {
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("an identity must not be empty");
        }
        int bad = firstNonAscii(identity);
        if (bad >= 0) {
            int cp = identity.codePointAt(bad);
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "identity strings are ASCII only: '%s' has U+%04X (%s) at position %d",
                    identity, cp, Character.getName(cp), bad));
        }
        for (int i = 0; i < identity.length(); i++) {
            char c = identity.charAt(i);
            // trim() would drop a leading or trailing NUL or tab silently, making "\0stadtwerke" another
            // spelling of "stadtwerke"; only spaces are trimmed
            if (c < 0x20 || c == 0x7F) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "identity strings have no control characters: U+%04X at position %d", (int) c, i));
            }
        }
        String trimmed = identity.strip();
        if (Character.isDigit(trimmed.charAt(0))) {
            String upper = trimmed.toUpperCase(Locale.ROOT);
            if (!METER_ID.matcher(upper).matches()) {
                throw new IllegalArgumentException("'" + identity + "' is not a DIN 43863-5 meter server ID:"
                        + " expected media digit, 3-letter manufacturer, 2-digit block, 8-digit serial"
                        + " (e.g. 1ESY1160000000)");
            }
            return upper;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (!ORGANISATION.matcher(lower).matches()) {
            throw new IllegalArgumentException("'" + identity + "' is not an organisation identity:"
                    + " expected a letter then 1..63 of letters, digits, '.', '-', '_'");
        }
        return lower;
    }

    /** Index of the first character outside ASCII, or -1. */
    private static int firstNonAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7F) {
                return i;
            }
        }
        return -1;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String toHex() {
        return Hex.data(bytes);
    }

    /** The canonical identity string, when this id was parsed from one. */
    public java.util.Optional<String> canonical() {
        return java.util.Optional.ofNullable(canonical);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubjectId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return canonical != null ? canonical + " (" + toHex() + ")" : toHex();
    }
}
