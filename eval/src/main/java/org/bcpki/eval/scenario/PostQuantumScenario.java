package org.bcpki.eval.scenario;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.eval.Charts;
import org.bcpki.eval.EvalResults;
import org.bcpki.eval.Metric;
import org.bcpki.eval.Summary;

/**
 * Key and signature sizes, and sign and verify times, for every {@link KeyAlgorithm}: the cost of
 * each choice on a gateway and on the wire. Times are wall-clock per operation after a warm-up, on
 * one thread; JMH ({@code bcpki eval jmh}) gives the rigorous throughput figures.
 */
public final class PostQuantumScenario implements Scenario {
    private static final String SECTION = "Post-quantum signatures";
    private static final byte[] MESSAGE =
            "SML reading 1-0:1.8.0*255 = 0012345.678 kWh, counter 4711".getBytes(StandardCharsets.UTF_8);

    @Override
    public String name() {
        return "pqc";
    }

    @Override
    public int steps(EvalContext context) {
        return KeyAlgorithm.values().length;
    }

    @Override
    public void run(EvalContext context, EvalResults results) throws Exception {
        SecureRandom random = new SecureRandom();
        Map<String, Double> signTimes = new LinkedHashMap<>();
        Map<String, Double> verifyTimes = new LinkedHashMap<>();
        Map<String, Double> signatureSizes = new LinkedHashMap<>();
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            context.progress().step("pqc: " + algorithm.displayName());
            SignatureSuite suite = SignatureSuite.of(algorithm);
            boolean slow = algorithm == KeyAlgorithm.SLH_DSA_SHA2_128S; // ~0.7 s per signature
            int samples = slow ? (context.quick() ? 3 : 10) : (context.quick() ? 50 : 500);
            int warmup = slow ? 1 : samples / 5;

            KeyPair pair = suite.generate(random);
            byte[] spki = suite.encodePublicKey(pair.getPublic());
            long[] signNanos = new long[samples];
            long[] verifyNanos = new long[samples];
            double signatureBytes = 0;
            for (int i = -warmup; i < samples; i++) {
                long t0 = System.nanoTime();
                byte[] signature = suite.sign(pair.getPrivate(), MESSAGE);
                long t1 = System.nanoTime();
                boolean valid = suite.verify(pair.getPublic(), MESSAGE, signature);
                long t2 = System.nanoTime();
                if (!valid) {
                    throw new IllegalStateException(algorithm + " failed to verify its own signature");
                }
                if (i >= 0) {
                    signNanos[i] = t1 - t0;
                    verifyNanos[i] = t2 - t1;
                    signatureBytes += signature.length;
                }
            }
            String name = algorithm.displayName();
            results.add(Metric.value(SECTION, name + " public key (SPKI)", "shared", "bytes", spki.length, null));
            Metric size = Metric.value(SECTION, name + " signature", "shared", "bytes", signatureBytes / samples,
                    "mean over " + samples);
            results.add(size);
            Metric sign = Metric.distribution(SECTION, name + " sign", "shared", "ms", Summary.ofNanosAsMillis(signNanos), null);
            Metric verify = Metric.distribution(SECTION, name + " verify", "shared", "ms", Summary.ofNanosAsMillis(verifyNanos), null);
            results.add(sign);
            results.add(verify);
            signTimes.put(name, sign.value());
            verifyTimes.put(name, verify.value());
            signatureSizes.put(name, size.value());
            context.progress().advance();
        }
        context.addChart(Charts.bars(context.outDir(), "pqc-sign-ms", "Sign time per algorithm (median)", "ms", signTimes, true));
        context.addChart(Charts.bars(context.outDir(), "pqc-verify-ms", "Verify time per algorithm (median)", "ms", verifyTimes, true));
        context.addChart(Charts.bars(context.outDir(), "pqc-signature-bytes", "Signature size per algorithm", "bytes", signatureSizes, true));
    }
}
