package org.bcpki.puf;

import java.util.Arrays;

/**
 * A fixed-length bit string backed by 64-bit words: bit {@code i} is bit {@code i & 63} of word
 * {@code i >>> 6}. PUF responses, helper data and codewords are all bit strings of a few thousand
 * bits, so XOR and Hamming distance work a word at a time.
 *
 * <p>Byte form (for files and the serial line) is big-endian within each byte: bit {@code i} is bit
 * {@code 7 - (i & 7)} of byte {@code i >>> 3}; unused trailing bits of the last byte are zero.
 */
public final class BitVector {
    private final int length;
    private final long[] words;

    private BitVector(int length, long[] words) {
        this.length = length;
        this.words = words;
    }

    public static BitVector zeros(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative bit length " + length);
        }
        return new BitVector(length, new long[(length + 63) >>> 6]);
    }

    /** The first {@code length} bits of {@code bytes} (which must hold at least that many). */
    public static BitVector fromBytes(byte[] bytes, int length) {
        if (bytes.length < (length + 7) / 8) {
            throw new IllegalArgumentException("need " + ((length + 7) / 8) + " bytes for " + length
                    + " bits, got " + bytes.length);
        }
        BitVector v = zeros(length);
        for (int i = 0; i < length; i++) {
            if ((bytes[i >>> 3] >>> (7 - (i & 7)) & 1) != 0) {
                v.words[i >>> 6] |= 1L << (i & 63);
            }
        }
        return v;
    }

    public int length() {
        return length;
    }

    public boolean get(int i) {
        checkIndex(i);
        return (words[i >>> 6] >>> (i & 63) & 1) != 0;
    }

    public void set(int i, boolean value) {
        checkIndex(i);
        if (value) {
            words[i >>> 6] |= 1L << (i & 63);
        } else {
            words[i >>> 6] &= ~(1L << (i & 63));
        }
    }

    public void flip(int i) {
        checkIndex(i);
        words[i >>> 6] ^= 1L << (i & 63);
    }

    /** The index of the first set bit at or after {@code from}, or -1 when there is none. */
    public int nextSetBit(int from) {
        if (from >= length) {
            return -1;
        }
        int w = from >>> 6;
        long word = words[w] & (-1L << (from & 63));
        while (true) {
            if (word != 0) {
                int index = (w << 6) + Long.numberOfTrailingZeros(word);
                return index < length ? index : -1;
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }

    /** A new vector: this XOR other (same length). */
    public BitVector xor(BitVector other) {
        requireSameLength(other);
        long[] out = new long[words.length];
        for (int w = 0; w < words.length; w++) {
            out[w] = words[w] ^ other.words[w];
        }
        return new BitVector(length, out);
    }

    public int weight() {
        int count = 0;
        for (long word : words) {
            count += Long.bitCount(word);
        }
        return count;
    }

    /** Number of ones among bits {@code [from, from + count)}, count <= 64. */
    public int weight(int from, int count) {
        return Long.bitCount(bits(from, count));
    }

    /** Bits {@code [from, from + count)} as the low bits of a long (bit from = bit 0), count <= 64. */
    public long bits(int from, int count) {
        if (count < 0 || count > 64 || from < 0 || from + count > length) {
            throw new IndexOutOfBoundsException("bits " + from + "+" + count + " of " + length);
        }
        if (count == 0) {
            return 0;
        }
        int w = from >>> 6;
        int shift = from & 63;
        long value = words[w] >>> shift;
        if (shift + count > 64) {
            value |= words[w + 1] << (64 - shift);
        }
        return count == 64 ? value : value & ((1L << count) - 1);
    }

    public int distance(BitVector other) {
        requireSameLength(other);
        int count = 0;
        for (int w = 0; w < words.length; w++) {
            count += Long.bitCount(words[w] ^ other.words[w]);
        }
        return count;
    }

    /** Bits {@code [from, from + count)} as a new vector. */
    public BitVector slice(int from, int count) {
        if (from < 0 || count < 0 || from + count > length) {
            throw new IndexOutOfBoundsException("slice " + from + "+" + count + " of " + length + " bits");
        }
        BitVector out = zeros(count);
        for (int i = 0; i < count; i++) {
            int j = from + i;
            if ((words[j >>> 6] >>> (j & 63) & 1) != 0) {
                out.words[i >>> 6] |= 1L << (i & 63);
            }
        }
        return out;
    }

    /** Copies all bits of {@code source} into this vector starting at {@code offset}. */
    public void put(int offset, BitVector source) {
        if (offset < 0 || offset + source.length > length) {
            throw new IndexOutOfBoundsException("put " + source.length + " bits at " + offset + " of " + length);
        }
        for (int i = 0; i < source.length; i++) {
            set(offset + i, source.get(i));
        }
    }

    public byte[] toBytes() {
        byte[] out = new byte[(length + 7) / 8];
        for (int i = 0; i < length; i++) {
            if ((words[i >>> 6] >>> (i & 63) & 1) != 0) {
                out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            }
        }
        return out;
    }

    public BitVector copy() {
        return new BitVector(length, words.clone());
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("bit " + i + " of " + length);
        }
    }

    private void requireSameLength(BitVector other) {
        if (other.length != length) {
            throw new IllegalArgumentException("bit lengths differ: " + length + " and " + other.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitVector other && other.length == length && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return 31 * length + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "BitVector[" + length + " bits, weight " + weight() + "]";
    }
}
