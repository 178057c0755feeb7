package org.bcpki.puf;

import org.bcpki.puf.ecc.ConcatenatedCode;

/**
 * Closed-form reliability and leakage of the concatenated code under i.i.d. bit errors, to set
 * beside the Monte-Carlo numbers (which cannot observe rates like 1e-9).
 *
 * <p>With per-bit error rate p against the enrollment response: a repetition group of r bits
 * decodes wrongly with p_r = P[Bin(r, p) >= (r+1)/2]; a BCH block fails (is not decoded to the
 * enrolled codeword) exactly when it holds more than t wrong groups: P[Bin(n, p_r) > t]; the key fails
 * when any of the blocks fails. This is exact for a bounded-distance decoder, counting both detected
 * failures and miscorrections (the key check turns the latter into detected failures too).
 */
public final class FailureAnalysis {
    private FailureAnalysis() {}

    /** P[X >= atLeast] for X ~ Bin(n, p), summed in log space so tiny tails stay accurate. */
    public static double binomialTail(int n, double p, int atLeast) {
        if (atLeast <= 0) {
            return 1.0;
        }
        if (atLeast > n || p <= 0) {
            return 0.0;
        }
        if (p >= 1) {
            return 1.0;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double logChoose = 0; // log C(n, i), built up from i = 0
        double sum = 0;
        for (int i = 1; i <= n; i++) {
            logChoose += Math.log(n - i + 1) - Math.log(i);
            if (i >= atLeast) {
                sum += Math.exp(logChoose + i * logP + (n - i) * logQ);
            }
        }
        return Math.min(1.0, sum);
    }

    /** Probability that a majority of {@code votes} (odd) reads is wrong when each is wrong with p. */
    public static double majorityError(int votes, double p) {
        return binomialTail(votes, p, votes / 2 + 1);
    }

    /**
     * Bit error rate of a reconstruction read against the enrollment response. Three independent
     * causes, any odd number of which flips a bit: the enrollment majority of {@code enrollmentReads}
     * reads at {@code enrollmentBer} was wrong, aging drifted the cell, the read itself was noisy.
     */
    public static double effectiveBer(SramPufModel readConditions, int enrollmentReads) {
        double enrollmentError = majorityError(enrollmentReads, readConditions.atEnrollment().readNoise());
        return either(either(enrollmentError, readConditions.agingDrift()), readConditions.readNoise());
    }

    /** Probability that exactly one of two independent flips happens. */
    private static double either(double a, double b) {
        return a * (1 - b) + b * (1 - a);
    }

    /** Probability that reconstruction fails at bit error rate p. */
    public static double failureProbability(ConcatenatedCode code, double p) {
        double groupError = majorityError(code.repetition(), p);
        double blockFailure = binomialTail(code.bch().n(), groupError, code.bch().t() + 1);
        return -Math.expm1(code.blocks() * Math.log1p(-blockFailure));
    }

    /**
     * Lower bound on the secret's entropy given the helper data, for i.i.d. PUF bits that are 1 with
     * probability {@code bias}: each repetition group's helper bits reveal the group's pattern up to
     * complement, leaving -log2 P[majority equals the likelier value] bits; the BCH layer then leaks
     * n - k bits per block. Result = blocks × (n × H_group − (n − k)), clamped to [0, blocks × k].
     * For an unbiased PUF it equals the secret length.
     */
    public static double residualEntropyBits(ConcatenatedCode code, double bias) {
        double likelier = Math.max(bias, 1 - bias);
        double groupEntropy = -Math.log(binomialTail(code.repetition(), likelier, code.repetition() / 2 + 1)) / Math.log(2);
        int n = code.bch().n();
        int k = code.bch().k();
        double perBlock = n * groupEntropy - (n - k);
        return Math.max(0, Math.min(k, perBlock)) * code.blocks();
    }
}
