package org.bcpki.core.rlp;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPException;
import org.apache.tuweni.rlp.RLPReader;
import org.bcpki.core.MalformedDataException;

/**
 * Strict RLP reading on top of Tuweni (non-lenient mode already rejects non-canonical lengths):
 * exact list sizes, no trailing bytes, minimal scalars, fixed-size fields. Every Tuweni or
 * argument failure leaves as a {@link MalformedDataException} naming what was being read.
 */
public final class RlpFields {
    /**
     * How deep {@link #decodeItem} and {@link #readItems} follow nested lists: far beyond any format
     * the project reads (a transaction's access list is 4 levels, a trie node's embedded nodes a few),
     * and far below what would overflow the stack on a large hostile input.
     */
    public static final int MAX_NESTING = 64;

    private RlpFields() {}

    /** Decodes {@code input} as exactly one RLP list (nothing after it) using {@code body}. */
    public static <T> T decodeList(Bytes input, String what, Function<RLPReader, T> body) {
        if (input == null || input.isEmpty()) {
            throw new MalformedDataException(what + ": empty input");
        }
        try {
            return RLP.decode(input, false, reader -> {
                if (!reader.nextIsList()) {
                    throw new MalformedDataException(what + ": not an RLP list");
                }
                T value = reader.readList(false, body);
                if (!reader.isComplete()) {
                    throw new MalformedDataException(what + ": " + reader.remaining() + " trailing bytes after the list");
                }
                return value;
            });
        } catch (MalformedDataException e) {
            throw e;
        } catch (RLPException | IllegalArgumentException e) { // Tuweni's errors; anything else is a bug to surface
            throw new MalformedDataException(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes {@code input} as exactly one RLP item of any shape (nothing after it): a {@link Bytes}
     * for a string, a {@code List<Object>} of such items for a list.
     */
    public static Object decodeItem(Bytes input, String what) {
        if (input == null || input.isEmpty()) {
            throw new MalformedDataException(what + ": empty input");
        }
        try {
            return RLP.decode(input, false, reader -> {
                Object item = reader.nextIsList() ? reader.readList(false, (RLPReader r) -> readItems(r, 1)) : reader.readValue(false);
                if (!reader.isComplete()) {
                    throw new MalformedDataException(what + ": " + reader.remaining() + " trailing bytes after the item");
                }
                return item;
            });
        } catch (MalformedDataException e) {
            throw e;
        } catch (RLPException | IllegalArgumentException e) { // Tuweni's errors; anything else is a bug to surface
            throw new MalformedDataException(what + ": " + e.getMessage(), e);
        }
    }

    /** Reads every remaining item of a list, each as {@link #decodeItem} returns it. */
    public static List<Object> readItems(RLPReader reader) {
        return readItems(reader, 1);
    }

    private static List<Object> readItems(RLPReader reader, int depth) {
        if (depth > MAX_NESTING) {
            throw new MalformedDataException("RLP lists nested deeper than " + MAX_NESTING);
        }
        List<Object> items = new ArrayList<>();
        while (!reader.isComplete()) {
            items.add(reader.nextIsList() ? reader.readList(false, r -> readItems(r, depth + 1)) : reader.readValue(false));
        }
        return items;
    }

    /** Reads a nested list whose items are all read by {@code item}; the list must be consumed fully. */
    public static <T> List<T> readList(RLPReader reader, String what, Function<RLPReader, T> item) {
        requireList(reader, what);
        return reader.readList(false, inner -> {
            List<T> items = new ArrayList<>();
            while (!inner.isComplete()) {
                items.add(item.apply(inner));
            }
            return items;
        });
    }

    public static void requireList(RLPReader reader, String what) {
        if (reader.isComplete()) {
            throw new MalformedDataException("missing " + what);
        }
        if (!reader.nextIsList()) {
            throw new MalformedDataException(what + " must be a list");
        }
    }

    public static void requireComplete(RLPReader reader, String what) {
        if (!reader.isComplete()) {
            throw new MalformedDataException(what + " has unexpected extra items");
        }
    }

    public static Bytes readBytes(RLPReader reader, String field) {
        if (reader.isComplete()) {
            throw new MalformedDataException("missing " + field);
        }
        if (reader.nextIsList()) {
            throw new MalformedDataException(field + " must be a byte string, found a list");
        }
        return reader.readValue(false);
    }

    public static Bytes readFixed(RLPReader reader, String field, int size) {
        Bytes value = readBytes(reader, field);
        if (value.size() != size) {
            throw new MalformedDataException(field + " must be " + size + " bytes, found " + value.size());
        }
        return value;
    }

    public static Bytes32 readBytes32(RLPReader reader, String field) {
        return Bytes32.wrap(readFixed(reader, field, 32));
    }

    /** A big-endian scalar without leading zeros (zero is the empty string), at most {@code maxBytes}. */
    public static BigInteger readScalar(RLPReader reader, String field, int maxBytes) {
        Bytes value = readBytes(reader, field);
        if (!value.isEmpty() && value.get(0) == 0) {
            throw new MalformedDataException(field + " is not a minimal scalar (leading zero byte)");
        }
        if (value.size() > maxBytes) {
            throw new MalformedDataException(field + " is longer than " + maxBytes + " bytes");
        }
        return value.isEmpty() ? BigInteger.ZERO : new BigInteger(1, value.toArrayUnsafe());
    }

    /** A non-negative scalar that fits a Java long. */
    public static long readLongScalar(RLPReader reader, String field) {
        BigInteger value = readScalar(reader, field, 8);
        if (value.bitLength() > 63) {
            throw new MalformedDataException(field + " does not fit a signed 64-bit value");
        }
        return value.longValue();
    }

    public static Bytes scalar(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("negative scalar " + value);
        }
        return value.signum() == 0 ? Bytes.EMPTY : Bytes.wrap(value.toByteArray()).trimLeadingZeros();
    }

    public static Bytes scalar(long value) {
        return scalar(BigInteger.valueOf(value));
    }
}
