package org.bcpki.puf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;

/**
 * Sizes and costs of every {@link KeyAlgorithm}: SPKI public key and signature bytes, and mean
 * seed-to-key-pair, sign and verify times. A quick table for choosing device keys (the rigorous
 * JMH version belongs to the eval module); each algorithm gets a few warm-up rounds, then up to
 * {@code iterations} timed rounds or until its time budget is spent (SLH-DSA-128s signs slowly).
 */
public final class SignatureCostTable {
    private SignatureCostTable() {}

    /**
     * Wall-clock means ({@code ...Ms}) and CPU-time means of the measuring thread ({@code ...CpuMs});
     * on a shared machine the CPU times are the ones to compare.
     */
    public record Row(String algorithm, int code, boolean postQuantum, int publicKeyBytes, double signatureBytes,
                      int signatureBytesMax, double keygenMs, double signMs, double verifyMs,
                      double keygenCpuMs, double signCpuMs, double verifyCpuMs, int samples) {}

    public static List<Row> measure(int iterations, int warmup, long budgetMsPerAlgorithm) {
        if (iterations < 1 || warmup < 0) {
            throw new IllegalArgumentException("iterations must be positive and warm-up rounds not negative");
        }
        List<Row> rows = new ArrayList<>();
        byte[] message = "bcpki signature cost table: a 64-byte message like a grant digest...".getBytes(StandardCharsets.US_ASCII);
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            rows.add(measure(SignatureSuite.of(algorithm), message, iterations, warmup, budgetMsPerAlgorithm));
        }
        return rows;
    }

    private static Row measure(SignatureSuite suite, byte[] message, int iterations, int warmup, long budgetMs) {
        SplittableRandom random = new SplittableRandom(suite.algorithm().code());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[3];
        long keygen = 0;
        long sign = 0;
        long verify = 0;
        long signatureBytes = 0;
        int signatureMax = 0;
        int publicKeyBytes = 0;
        int samples = 0;
        long deadline = Long.MAX_VALUE;
        for (int i = -warmup; i < iterations; i++) {
            if (i == 0) {
                deadline = System.nanoTime() + budgetMs * 1_000_000;
            }
            byte[] seed = new byte[SignatureSuite.SEED_LENGTH];
            random.nextBytes(seed);
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            KeyPair pair = suite.fromSeed(seed);
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            byte[] signature = suite.sign(pair.getPrivate(), message);
            long t2 = System.nanoTime();
            long c2 = threads.getCurrentThreadCpuTime();
            boolean valid = suite.verify(pair.getPublic(), message, signature);
            long t3 = System.nanoTime();
            long c3 = threads.getCurrentThreadCpuTime();
            if (!valid) {
                throw new IllegalStateException(suite.algorithm() + " failed to verify its own signature");
            }
            if (i >= 0) {
                keygen += t1 - t0;
                sign += t2 - t1;
                verify += t3 - t2;
                cpu[0] += c1 - c0;
                cpu[1] += c2 - c1;
                cpu[2] += c3 - c2;
                signatureBytes += signature.length;
                signatureMax = Math.max(signatureMax, signature.length);
                publicKeyBytes = suite.encodePublicKey(pair.getPublic()).length;
                samples++;
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
        }
        KeyAlgorithm algorithm = suite.algorithm();
        return new Row(algorithm.displayName(), algorithm.code(), algorithm.isPostQuantum(), publicKeyBytes,
                signatureBytes / (double) samples, signatureMax, keygen / 1e6 / samples, sign / 1e6 / samples,
                verify / 1e6 / samples, cpu[0] / 1e6 / samples, cpu[1] / 1e6 / samples, cpu[2] / 1e6 / samples,
                samples);
    }
}
