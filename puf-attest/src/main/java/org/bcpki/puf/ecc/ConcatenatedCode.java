package org.bcpki.puf.ecc;

import org.bcpki.puf.BitVector;

/**
 * Outer BCH code, inner repetition code: each of {@code blocks} secret blocks of k bits becomes a
 * BCH codeword of n bits, and every codeword bit is repeated r times (r odd). Decoding takes the
 * majority of each r-bit group, then BCH-decodes each block.
 *
 * <p>Layout: bit {@code ((b * n) + j) * r + i} is repetition i of BCH bit j of block b.
 */
public final class ConcatenatedCode {
    private final int repetition;
    private final BchCode bch;
    private final int blocks;

    public ConcatenatedCode(int repetition, BchCode bch, int blocks) {
        if (repetition < 1 || repetition % 2 == 0) {
            throw new IllegalArgumentException("the repetition factor must be odd and positive, got " + repetition);
        }
        if (blocks < 1) {
            throw new IllegalArgumentException("at least one block, got " + blocks);
        }
        this.repetition = repetition;
        this.bch = bch;
        this.blocks = blocks;
    }

    public int repetition() {
        return repetition;
    }

    public BchCode bch() {
        return bch;
    }

    public int blocks() {
        return blocks;
    }

    /** Secret bits carried: blocks × k. */
    public int messageBits() {
        return blocks * bch.k();
    }

    /** Codeword bits (= PUF response bits used = helper data bits): blocks × n × r. */
    public int codeBits() {
        return blocks * bch.n() * repetition;
    }

    public BitVector encode(BitVector message) {
        if (message.length() != messageBits()) {
            throw new IllegalArgumentException(this + " encodes " + messageBits() + " bits, got " + message.length());
        }
        int n = bch.n();
        BitVector out = BitVector.zeros(codeBits());
        for (int b = 0; b < blocks; b++) {
            BitVector codeword = bch.encode(message.slice(b * bch.k(), bch.k()));
            for (int j = 0; j < n; j++) {
                if (codeword.get(j)) {
                    int base = (b * n + j) * repetition;
                    for (int i = 0; i < repetition; i++) {
                        out.set(base + i, true);
                    }
                }
            }
        }
        return out;
    }

    /** Decodes a noisy codeword; fails when any block has more errors than its BCH code detects. */
    public Result decode(BitVector noisy) {
        if (noisy.length() != codeBits()) {
            throw new IllegalArgumentException(this + " decodes " + codeBits() + " bits, got " + noisy.length());
        }
        int n = bch.n();
        int k = bch.k();
        int majority = repetition / 2 + 1;
        BitVector message = BitVector.zeros(messageBits());
        int corrected = 0;
        for (int b = 0; b < blocks; b++) {
            BitVector inner = BitVector.zeros(n);
            for (int j = 0; j < n; j++) {
                if (noisy.weight((b * n + j) * repetition, repetition) >= majority) {
                    inner.set(j, true);
                }
            }
            BchCode.Decoding decoding = bch.decode(inner);
            if (!decoding.ok()) {
                return Result.failure("block " + b + ": " + decoding.failure());
            }
            corrected += decoding.corrected();
            message.put(b * k, bch.message(decoding.codeword()));
        }
        return Result.success(message, corrected);
    }

    @Override
    public String toString() {
        return "rep" + repetition + "+" + bch + "x" + blocks;
    }

    /** Decoding outcome: the message, or why decoding failed. */
    public record Result(boolean ok, BitVector message, int bchCorrections, String failure) {
        static Result success(BitVector message, int corrections) {
            return new Result(true, message, corrections, null);
        }

        static Result failure(String reason) {
            return new Result(false, null, -1, reason);
        }
    }
}
