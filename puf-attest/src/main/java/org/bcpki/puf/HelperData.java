package org.bcpki.puf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bcpki.core.crypto.Keccak;

/**
 * Public helper data of the code-offset fuzzy extractor: the code parameters and the offset
 * {@code response XOR codeword(secret)}.
 *
 * <p>Canonical encoding (big-endian): ASCII {@code "BPHD"}, version byte 1, repetition, m, t,
 * blocks (one byte each), offset length in bits (uint32), then the offset bits packed MSB-first
 * with zero padding. {@link #hash()} is keccak256 of exactly these bytes.
 */
public record HelperData(CodeParameters parameters, BitVector offset) {
    private static final byte[] MAGIC = "BPHD".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER = MAGIC.length + 1 + 4 + 4;

    public HelperData {
        int expected = parameters.repetition() * ((1 << parameters.m()) - 1) * parameters.blocks();
        if (offset.length() != expected) {
            throw new PufException(PufException.Kind.HELPER_DATA_INVALID,
                    "helper data for " + parameters + " has " + expected + " bits, got " + offset.length());
        }
        offset = offset.copy();
    }

    @Override
    public BitVector offset() {
        return offset.copy();
    }

    public byte[] encode() {
        byte[] bits = offset.toBytes();
        return ByteBuffer.allocate(HEADER + bits.length)
                .put(MAGIC).put((byte) VERSION)
                .put((byte) parameters.repetition()).put((byte) parameters.m())
                .put((byte) parameters.t()).put((byte) parameters.blocks())
                .putInt(offset.length()).put(bits).array();
    }

    /** keccak256 of the canonical encoding: what the enrollment record commits to. */
    public byte[] hash() {
        return Keccak.keccak256(encode());
    }

    /** Parses and fully validates an encoding; anything malformed is a HELPER_DATA_INVALID error. */
    public static HelperData decode(byte[] encoded) {
        if (encoded == null || encoded.length < HEADER) {
            throw invalid("helper data is truncated: " + (encoded == null ? 0 : encoded.length) + " bytes");
        }
        if (!Arrays.equals(Arrays.copyOf(encoded, MAGIC.length), MAGIC)) {
            throw invalid("not helper data (no BPHD magic)");
        }
        ByteBuffer in = ByteBuffer.wrap(encoded, MAGIC.length, encoded.length - MAGIC.length);
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw invalid("unsupported helper data version " + version);
        }
        CodeParameters parameters;
        try {
            parameters = new CodeParameters(in.get() & 0xFF, in.get() & 0xFF, in.get() & 0xFF, in.get() & 0xFF);
        } catch (IllegalArgumentException e) {
            throw invalid("helper data names an unusable code: " + e.getMessage());
        }
        long bits = in.getInt() & 0xFFFFFFFFL;
        int expectedBits = parameters.repetition() * ((1 << parameters.m()) - 1) * parameters.blocks();
        if (bits != expectedBits) {
            throw invalid("helper data declares " + bits + " bits, " + parameters + " needs " + expectedBits);
        }
        int expectedBytes = HEADER + (expectedBits + 7) / 8;
        if (encoded.length != expectedBytes) {
            throw invalid("helper data has " + encoded.length + " bytes, expected " + expectedBytes);
        }
        byte[] packed = Arrays.copyOfRange(encoded, HEADER, encoded.length);
        int padding = packed.length * 8 - expectedBits;
        if (padding > 0 && (packed[packed.length - 1] & ((1 << padding) - 1)) != 0) {
            throw invalid("helper data has non-zero padding bits");
        }
        return new HelperData(parameters, BitVector.fromBytes(packed, expectedBits));
    }

    private static PufException invalid(String message) {
        return new PufException(PufException.Kind.HELPER_DATA_INVALID, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HelperData other && other.parameters.equals(parameters) && other.offset.equals(offset);
    }

    @Override
    public int hashCode() {
        return parameters.hashCode() * 31 + offset.hashCode();
    }
}
