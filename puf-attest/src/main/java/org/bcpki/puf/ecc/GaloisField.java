package org.bcpki.puf.ecc;

/**
 * GF(2^m) with elements as integers (bit i = coefficient of x^i in the polynomial basis), multiplied
 * through log/antilog tables built from a primitive polynomial, so α = x generates the whole
 * multiplicative group of order 2^m - 1.
 */
public final class GaloisField {
    /** Primitive polynomials for m = 3..12, bit i = coefficient of x^i (standard table choices). */
    private static final int[] PRIMITIVE = {
        0, 0, 0, 0b1011, 0b10011, 0b100101, 0b1000011, 0b10001001, 0b100011101,
        0b1000010001, 0b10000001001, 0b100000000101, 0b1000001010011};

    private final int m;
    private final int order;
    private final int[] exp;
    private final int[] log;

    private GaloisField(int m, int primitivePolynomial) {
        this.m = m;
        this.order = (1 << m) - 1;
        this.exp = new int[2 * order];
        this.log = new int[order + 1];
        int x = 1;
        for (int i = 0; i < order; i++) {
            exp[i] = x;
            exp[i + order] = x;
            if (i > 0 && x == 1) {
                throw new IllegalArgumentException("polynomial 0x" + Integer.toHexString(primitivePolynomial)
                        + " is not primitive for m = " + m);
            }
            log[x] = i;
            x <<= 1;
            if ((x & (1 << m)) != 0) {
                x ^= primitivePolynomial;
            }
        }
        log[0] = -1; // log of zero is undefined; callers test for zero first
    }

    public static GaloisField of(int m) {
        if (m < 3 || m >= PRIMITIVE.length) {
            throw new IllegalArgumentException("GF(2^m) is supported for m = 3.." + (PRIMITIVE.length - 1) + ", got " + m);
        }
        return new GaloisField(m, PRIMITIVE[m]);
    }

    public int m() {
        return m;
    }

    /** The multiplicative order 2^m - 1 (also the BCH code length). */
    public int order() {
        return order;
    }

    /** α^e for any integer e (reduced modulo the group order). */
    public int alphaPower(long e) {
        int reduced = (int) Math.floorMod(e, (long) order);
        return exp[reduced];
    }

    /** α^e for 0 <= e < 2^m - 1 (no reduction: for hot loops that keep e in range). */
    public int alphaPowerReduced(int e) {
        return exp[e];
    }

    /** log_α(a) for a != 0. */
    public int log(int a) {
        if (a == 0) {
            throw new ArithmeticException("log of zero");
        }
        return log[a];
    }

    public int multiply(int a, int b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return exp[log[a] + log[b]];
    }

    public int divide(int a, int b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero in GF(2^" + m + ")");
        }
        if (a == 0) {
            return 0;
        }
        return exp[log[a] - log[b] + order];
    }

    public int square(int a) {
        return multiply(a, a);
    }

    /** Addition and subtraction are both XOR in characteristic 2. */
    public static int add(int a, int b) {
        return a ^ b;
    }
}
