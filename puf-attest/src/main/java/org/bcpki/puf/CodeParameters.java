package org.bcpki.puf;

import org.bcpki.puf.ecc.BchCode;
import org.bcpki.puf.ecc.ConcatenatedCode;

/**
 * The fuzzy extractor's code: {@code blocks} blocks of BCH(2^m - 1, k, t), each codeword bit
 * repeated {@code repetition} times. These four numbers travel inside the helper data.
 */
public record CodeParameters(int repetition, int m, int t, int blocks) {
    /**
     * rep7 + BCH(255,131,t=18) × 2: 3570 helper bits, 262 secret bits (see README for the failure
     * analysis: ~1e-20 at BER 10 %, ~1e-9 at BER 15 %).
     */
    public static final CodeParameters DEFAULT = new CodeParameters(7, 8, 18, 2);

    public CodeParameters {
        if (repetition < 1 || repetition > 63 || repetition % 2 == 0) {
            throw new IllegalArgumentException("repetition must be odd in 1..63, got " + repetition);
        }
        if (m < 3 || m > 12) {
            throw new IllegalArgumentException("BCH field degree m must be in 3..12, got " + m);
        }
        if (t < 1 || 2 * t >= (1 << m) - 1) {
            throw new IllegalArgumentException("BCH t out of range for m = " + m + ": " + t);
        }
        if (blocks < 1 || blocks > 64) {
            throw new IllegalArgumentException("blocks must be in 1..64, got " + blocks);
        }
        if ((long) repetition * ((1 << m) - 1) * blocks > SramPufSimulator.CELLS) {
            throw new IllegalArgumentException("code needs more than " + SramPufSimulator.CELLS + " PUF bits");
        }
    }

    public ConcatenatedCode code() {
        return new ConcatenatedCode(repetition, BchCode.of(m, t), blocks);
    }

    @Override
    public String toString() {
        return "rep" + repetition + "+BCH(m=" + m + ",t=" + t + ")x" + blocks;
    }
}
