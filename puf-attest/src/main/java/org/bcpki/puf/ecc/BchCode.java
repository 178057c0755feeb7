package org.bcpki.puf.ecc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bcpki.puf.BitVector;

/**
 * A binary, primitive, narrow-sense BCH code of length n = 2^m - 1 correcting t errors: generator
 * polynomial = lcm of the minimal polynomials of α, α^2, ..., α^2t; systematic encoding (parity in
 * positions 0..n-k-1, message in n-k..n-1, position i = coefficient of x^i); bounded-distance
 * decoding by syndromes, Berlekamp-Massey and Chien search.
 *
 * <p>Beyond t errors the decoder either reports failure or lands on another codeword (a
 * miscorrection); callers that must never accept a wrong result verify the outcome independently.
 */
public final class BchCode {
    private final GaloisField field;
    private final int n;
    private final int k;
    private final int t;
    /** Generator polynomial coefficients g[0..n-k], each 0 or 1; g[n-k] = 1. */
    private final byte[] generator;

    private BchCode(GaloisField field, int t, byte[] generator) {
        this.field = field;
        this.n = field.order();
        this.t = t;
        this.generator = generator;
        this.k = n - (generator.length - 1);
    }

    /** The BCH code of length 2^m - 1 with designed correction capability t. */
    public static BchCode of(int m, int t) {
        GaloisField field = GaloisField.of(m);
        if (t < 1 || 2 * t >= field.order()) {
            throw new IllegalArgumentException("t must be in 1.." + ((field.order() - 1) / 2) + ", got " + t);
        }
        byte[] generator = {1};
        boolean[] covered = new boolean[field.order()];
        for (int i = 1; i <= 2 * t; i++) {
            if (!covered[i]) {
                generator = multiplyBinary(generator, minimalPolynomial(field, i, covered));
            }
        }
        if (generator.length - 1 >= field.order()) {
            throw new IllegalArgumentException("BCH(m=" + m + ", t=" + t + ") has no message bits");
        }
        return new BchCode(field, t, generator);
    }

    /** Minimal polynomial of α^i: the product of (x - α^j) over the cyclotomic coset of i. */
    private static byte[] minimalPolynomial(GaloisField field, int i, boolean[] covered) {
        List<Integer> coset = new ArrayList<>();
        int j = i;
        do {
            coset.add(j);
            covered[j] = true;
            j = (int) ((2L * j) % field.order());
        } while (j != i);
        int[] poly = {1}; // coefficients in GF(2^m), lowest degree first
        for (int e : coset) {
            int root = field.alphaPower(e);
            int[] next = new int[poly.length + 1];
            for (int d = 0; d < poly.length; d++) {
                next[d + 1] ^= poly[d];                        // x * poly
                next[d] ^= field.multiply(root, poly[d]);       // + root * poly (minus = plus)
            }
            poly = next;
        }
        byte[] binary = new byte[poly.length];
        for (int d = 0; d < poly.length; d++) {
            if (poly[d] > 1) {
                throw new IllegalStateException("minimal polynomial of α^" + i + " is not binary");
            }
            binary[d] = (byte) poly[d];
        }
        return binary;
    }

    private static byte[] multiplyBinary(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0) {
                for (int j = 0; j < b.length; j++) {
                    out[i + j] ^= b[j];
                }
            }
        }
        return out;
    }

    public int n() {
        return n;
    }

    public int k() {
        return k;
    }

    public int t() {
        return t;
    }

    public GaloisField field() {
        return field;
    }

    /** The generator polynomial's coefficients, lowest degree first. */
    public byte[] generator() {
        return generator.clone();
    }

    /** The systematic codeword (n bits) of a k-bit message. */
    public BitVector encode(BitVector message) {
        if (message.length() != k) {
            throw new IllegalArgumentException("BCH(" + n + "," + k + ") encodes " + k + " bits, got " + message.length());
        }
        int parityBits = n - k;
        byte[] register = new byte[parityBits]; // remainder of m(x) x^(n-k) mod g(x), an LFSR division
        for (int i = k - 1; i >= 0; i--) {
            int feedback = (message.get(i) ? 1 : 0) ^ register[parityBits - 1];
            for (int j = parityBits - 1; j > 0; j--) {
                register[j] = (byte) (register[j - 1] ^ (feedback & generator[j]));
            }
            register[0] = (byte) (feedback & generator[0]);
        }
        BitVector codeword = BitVector.zeros(n);
        for (int j = 0; j < parityBits; j++) {
            codeword.set(j, register[j] != 0);
        }
        for (int i = 0; i < k; i++) {
            codeword.set(parityBits + i, message.get(i));
        }
        return codeword;
    }

    /** The message part of a codeword. */
    public BitVector message(BitVector codeword) {
        return codeword.slice(n - k, k);
    }

    /** Syndromes S_1..S_2t (index 0 unused) of a received word; all zero iff it is a codeword. */
    public int[] syndromes(BitVector received) {
        requireLength(received);
        int[] s = new int[2 * t + 1];
        for (int i = received.nextSetBit(0); i >= 0; i = received.nextSetBit(i + 1)) {
            // exponent i*j mod n for j = 1, 3, 5, ..., stepping by 2i without multiplying
            int exponent = i;
            int step = (2 * i) % n;
            for (int j = 1; j <= 2 * t; j += 2) {
                s[j] ^= field.alphaPowerReduced(exponent);
                exponent += step;
                if (exponent >= n) {
                    exponent -= n;
                }
            }
        }
        for (int j = 2; j <= 2 * t; j += 2) {
            s[j] = field.square(s[j / 2]); // binary codes: S_2j = S_j^2
        }
        return s;
    }

    /**
     * Decodes a received word. Success carries the corrected codeword and the number of bits flipped;
     * failure means more than t errors were detected (the locator has no valid set of roots).
     */
    public Decoding decode(BitVector received) {
        int[] s = syndromes(received);
        boolean clean = true;
        for (int j = 1; j <= 2 * t; j++) {
            clean &= s[j] == 0;
        }
        if (clean) {
            return Decoding.success(received.copy(), 0);
        }
        int[] locator = berlekampMassey(s);
        if (locator == null) {
            return Decoding.failure("syndromes admit no error locator");
        }
        int errors = locator.length - 1; // the LFSR length L
        if (errors > t) {
            return Decoding.failure("more than t = " + t + " errors (locator length " + errors + ")");
        }
        if (degree(locator) != errors) {
            return Decoding.failure("error locator degree " + degree(locator) + " differs from its length " + errors);
        }
        int[] positions = chienSearch(locator);
        if (positions.length != errors) {
            return Decoding.failure("error locator of degree " + errors + " has " + positions.length
                    + " roots in the field");
        }
        BitVector corrected = received.copy();
        for (int position : positions) {
            corrected.flip(position);
        }
        for (int syndrome : syndromes(corrected)) {
            if (syndrome != 0) { // cannot happen for a consistent locator; never hand out a non-codeword
                return Decoding.failure("correction did not yield a codeword");
            }
        }
        return Decoding.success(corrected, positions.length);
    }

    /**
     * Berlekamp-Massey: the shortest LFSR (error locator Λ, Λ_0 = 1) generating S_1..S_2t, returned
     * with exactly L + 1 coefficients (L = the LFSR length), or null when coefficients beyond L are
     * non-zero (uncorrectable).
     */
    int[] berlekampMassey(int[] s) {
        int size = 2 * t + 2;
        int[] c = new int[size];
        int[] b = new int[size];
        c[0] = 1;
        b[0] = 1;
        int length = 0;
        int shift = 1;
        int lastDiscrepancy = 1;
        for (int r = 0; r < 2 * t; r++) {
            int discrepancy = s[r + 1];
            for (int i = 1; i <= length; i++) {
                discrepancy ^= field.multiply(c[i], s[r + 1 - i]);
            }
            if (discrepancy == 0) {
                shift++;
                continue;
            }
            int factor = field.divide(discrepancy, lastDiscrepancy);
            int[] previous = c.clone();
            for (int i = 0; i + shift < size; i++) {
                c[i + shift] ^= field.multiply(factor, b[i]);
            }
            if (2 * length <= r) {
                length = r + 1 - length;
                b = previous;
                lastDiscrepancy = discrepancy;
                shift = 1;
            } else {
                shift++;
            }
        }
        if (degree(c) > length) {
            return null; // no LFSR of length L: inconsistent syndromes
        }
        return Arrays.copyOf(c, length + 1);
    }

    /** Chien search: error positions i with Λ(α^-i) = 0, evaluated incrementally over i = 0..n-1. */
    int[] chienSearch(int[] locator) {
        int degree = degree(locator);
        int[] terms = Arrays.copyOf(locator, degree + 1); // terms[j] = Λ_j α^(-i j) at the current i
        int[] steps = new int[degree + 1];
        for (int j = 0; j <= degree; j++) {
            steps[j] = field.alphaPower(-j);
        }
        int[] found = new int[degree];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int sum = 0;
            for (int j = 0; j <= degree; j++) {
                sum ^= terms[j];
            }
            if (sum == 0) {
                if (count == degree) {
                    return Arrays.copyOf(found, degree + 1); // more roots than the degree: inconsistent
                }
                found[count++] = i;
            }
            for (int j = 1; j <= degree; j++) {
                terms[j] = field.multiply(terms[j], steps[j]);
            }
        }
        return Arrays.copyOf(found, count);
    }

    private static int degree(int[] poly) {
        for (int d = poly.length - 1; d >= 0; d--) {
            if (poly[d] != 0) {
                return d;
            }
        }
        return 0;
    }

    private void requireLength(BitVector word) {
        if (word.length() != n) {
            throw new IllegalArgumentException("BCH(" + n + "," + k + ") words have " + n + " bits, got " + word.length());
        }
    }

    @Override
    public String toString() {
        return "BCH(" + n + "," + k + ",t=" + t + ")";
    }

    /** The outcome of decoding one word. */
    public record Decoding(boolean ok, BitVector codeword, int corrected, String failure) {
        static Decoding success(BitVector codeword, int corrected) {
            return new Decoding(true, codeword, corrected, null);
        }

        static Decoding failure(String reason) {
            return new Decoding(false, null, -1, reason);
        }
    }
}
