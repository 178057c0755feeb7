package org.bcpki.puf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bcpki.core.crypto.SignatureSuite;

/**
 * Monte-Carlo reliability and uniqueness of PUF keys. Each device is enrolled once (majority of
 * reads, fuzzy extractor, ML-DSA-65 key generation for the uniqueness count); each trial is one noisy
 * read followed by the full seed reconstruction (decode, privacy amplification, key check) compared
 * with the enrolled seed. Trials do not generate ML-DSA keys: the seed fixes the key.
 */
public final class PufSimulation {
    /** Above this many devices the inter-device distance is estimated from sampled pairs. */
    private static final int ALL_PAIRS_LIMIT = 300;
    private static final int SAMPLED_PAIRS = 20_000;

    private PufSimulation() {}

    public static SimulationReport run(SimulationConfig config) {
        long start = System.nanoTime();
        FuzzyExtractor extractor = FuzzyExtractor.of(config.code());
        Set<String> keyHashes = ConcurrentHashMap.newKeySet();
        BitVector[] responses = new BitVector[config.devices()];
        List<Future<DeviceOutcome>> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), runnable -> {
            Thread thread = new Thread(runnable, "puf-simulation");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int d = 0; d < config.devices(); d++) {
                int device = d;
                long trials = config.trials() / config.devices() + (d < config.trials() % config.devices() ? 1 : 0);
                outcomes.add(pool.submit(() -> simulateDevice(config, extractor, device, trials, responses, keyHashes)));
            }
            long failures = 0;
            long wrongKeys = 0;
            double intra = 0;
            for (Future<DeviceOutcome> outcome : outcomes) {
                DeviceOutcome o = outcome.get();
                failures += o.failures();
                wrongKeys += o.wrongKeys();
                intra += o.intraDistanceSum();
            }
            double ber = config.ber();
            double effective = FailureAnalysis.effectiveBer(config.model(), config.enrollmentReads());
            return new SimulationReport(config.devices(), ber, config.trials(), failures,
                    config.trials() == 0 ? 0 : failures / (double) config.trials(),
                    extractor.responseBits(), extractor.secretBits(), keyHashes.size(),
                    config.trials() == 0 ? 0 : intra / config.trials(),
                    meanInterDistance(responses, config.seed()),
                    FailureAnalysis.failureProbability(extractor.code(), effective), effective,
                    FailureAnalysis.residualEntropyBits(extractor.code(), config.bias()), config.bias(),
                    wrongKeys, extractor.code().toString(), config.threads(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("simulation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static DeviceOutcome simulateDevice(SimulationConfig config, FuzzyExtractor extractor, int device,
                                                long trials, BitVector[] responses, Set<String> keyHashes) {
        byte[] deviceSeed = (config.seed() + "/" + device).getBytes(StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(deviceSeed) * 0x9E3779B97F4A7C15L + device);
        // Enrolled new and at room temperature; read under the configured temperature and age.
        SramPufSimulator atEnrollment = new SramPufSimulator(deviceSeed, config.model().atEnrollment(), random.split());
        int bits = extractor.responseBits();
        BitVector response = PufDevice.majorityRead(atEnrollment, bits, config.enrollmentReads());
        SramPufSimulator puf = atEnrollment.under(config.model());
        responses[device] = response;
        FuzzyExtractor.Enrolled enrolled = extractor.enroll(response, random.split());
        byte[] publicKey = new DeviceKeys(enrolled.deviceSeed()).publicKey(KeyPurpose.SIGNING_ML_DSA_65);
        keyHashes.add(HexFormat.of().formatHex(SignatureSuite.keyHash(publicKey)));

        long failures = 0;
        long wrongKeys = 0;
        double intra = 0;
        for (long trial = 0; trial < trials; trial++) {
            BitVector read = puf.readBits(bits);
            intra += read.distance(response) / (double) bits;
            try {
                byte[] seed = extractor.reconstruct(read, enrolled.helperData(), enrolled.keyCheck());
                if (!Arrays.equals(seed, enrolled.deviceSeed())) {
                    wrongKeys++;
                    failures++;
                }
            } catch (PufException e) {
                failures++;
            }
        }
        return new DeviceOutcome(failures, wrongKeys, intra);
    }

    private static double meanInterDistance(BitVector[] responses, String seed) {
        int count = responses.length;
        if (count < 2) {
            return 0;
        }
        double sum = 0;
        long pairs = 0;
        if (count <= ALL_PAIRS_LIMIT) {
            for (int i = 0; i < count; i++) {
                for (int j = i + 1; j < count; j++) {
                    sum += responses[i].distance(responses[j]);
                    pairs++;
                }
            }
        } else {
            SplittableRandom random = new SplittableRandom(seed.hashCode());
            for (; pairs < SAMPLED_PAIRS; pairs++) {
                int i = random.nextInt(count);
                int j = (i + 1 + random.nextInt(count - 1)) % count;
                sum += responses[i].distance(responses[j]);
            }
        }
        return sum / pairs / responses[0].length();
    }

    private record DeviceOutcome(long failures, long wrongKeys, double intraDistanceSum) {}
}
