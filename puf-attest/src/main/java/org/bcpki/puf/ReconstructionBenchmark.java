package org.bcpki.puf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;

/**
 * Times what a device does at every start: seed reconstruction from one noisy read (decode, privacy
 * amplification, key check) and ML-DSA-65 key generation from the derived seed. The PUF read itself
 * is excluded (on hardware it is a memory copy at power-up).
 */
public final class ReconstructionBenchmark {
    private ReconstructionBenchmark() {}

    /**
     * Wall-clock means, p99 and max, plus the mean CPU time of the measuring thread (which excludes
     * time lost to other processes on a shared machine).
     */
    public record Timing(int iterations, double ber, double reconstructMeanMs, double keygenMeanMs,
                         double totalMeanMs, double totalP99Ms, double totalMaxMs, double totalCpuMeanMs) {}

    public static Timing run(int iterations, double ber, int warmup) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive, got " + iterations);
        }
        FuzzyExtractor extractor = FuzzyExtractor.standard();
        SramPufSimulator puf = SramPufSimulator.of("bench-device", SramPufModel.nominal(ber), new SplittableRandom(1));
        FuzzyExtractor.Enrolled enrolled = extractor.enroll(
                PufDevice.majorityRead(puf, extractor.responseBits(), PufDevice.DEFAULT_ENROLLMENT_READS), new SplittableRandom(2));
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        double[] reconstruct = new double[iterations];
        double[] keygen = new double[iterations];
        double[] total = new double[iterations];
        double[] cpu = new double[iterations];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int done = 0;
        for (int i = -warmup; i < iterations; i++) {
            BitVector read = puf.readBits(extractor.responseBits());
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            byte[] seed;
            try {
                seed = extractor.reconstruct(read, enrolled.helperData(), enrolled.keyCheck());
            } catch (PufException e) {
                continue; // a failed read is not a timing sample (and is vanishingly rare at sane BERs)
            }
            long t1 = System.nanoTime();
            KeyPair pair = suite.fromSeed(KeyDerivation.purposeSeed(seed, KeyPurpose.SIGNING_ML_DSA_65));
            long t2 = System.nanoTime();
            long c2 = threads.getCurrentThreadCpuTime();
            if (pair.getPublic() == null) {
                throw new IllegalStateException("no public key");
            }
            if (i >= 0) {
                reconstruct[done] = (t1 - t0) / 1e6;
                keygen[done] = (t2 - t1) / 1e6;
                total[done] = (t2 - t0) / 1e6;
                cpu[done] = (c2 - c0) / 1e6;
                done++;
            }
        }
        if (done == 0) {
            throw new IllegalStateException("every reconstruction failed at BER " + ber);
        }
        double[] sorted = Arrays.copyOf(total, done);
        Arrays.sort(sorted);
        return new Timing(done, ber, mean(reconstruct, done), mean(keygen, done), mean(total, done),
                sorted[Math.min(done - 1, (int) Math.ceil(done * 0.99) - 1)], sorted[done - 1], mean(cpu, done));
    }

    private static double mean(double[] values, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return sum / count;
    }
}
