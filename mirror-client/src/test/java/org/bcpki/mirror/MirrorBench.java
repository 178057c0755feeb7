package org.bcpki.mirror;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.mirror.follow.SyncReport;
import org.bcpki.mirror.testing.FakeRpcServer;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;
import org.bcpki.mirror.trust.VerifiedChain;
import org.bcpki.mirror.wire.EndpointPool;

/**
 * Benchmarks of the light client (a main, not a test): header verification rate with 4 validators,
 * sync rate over loopback, warm and cold check latency, bytes per cold check, and live heap with
 * 10,000 tracked identities. Prints one JSON document. Run it as described in the module README.
 */
public final class MirrorBench {
    private MirrorBench() {}

    public static void main(String[] args) throws Exception {
        int headers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int identities = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Map<String, Object> results = new LinkedHashMap<>();
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        results.put("loadAverage1mAtStart", os.getSystemLoadAverage());
        results.put("secp256k1Recovery", org.bcpki.core.chain.Secp256k1.implementation());

        RegistryState state = new RegistryState(true, 100);
        List<SubjectId> subjects = new ArrayList<>();
        for (int i = 0; i < identities; i++) {
            SubjectId subject = SubjectId.parse(String.format("1ESY11%08d", i));
            subjects.add(subject);
            state.grant(subject, MirrorClientTest.grant(GrantStatus.ACTIVE, Role.METER, MirrorClientTest.METER_KEY,
                    2_000_000_000L));
        }
        try (TestNetwork network = new TestNetwork(4, 30_000, state)) {
            long t0 = System.nanoTime();
            network.mine(headers);
            results.put("headersBuilt", headers);
            results.put("buildSeconds", (System.nanoTime() - t0) / 1e9);

            // 1. Header verification in memory: every QBFT rule, 4 seal recoveries each, vote replay.
            List<BlockHeader> blocks = network.chain().blocks();
            double best = 0;
            double bestCpu = 0;
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int round = 0; round < 3; round++) {
                VerifiedChain chain = new VerifiedChain(network.genesisAnchor(), 64);
                chain.start(blocks.get(0));
                long start = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                for (int i = 1; i < blocks.size(); i++) {
                    if (!chain.extend(blocks.get(i)).isEmpty()) {
                        throw new IllegalStateException("benchmark chain rejected at " + i);
                    }
                }
                best = Math.max(best, headers / ((System.nanoTime() - start) / 1e9));
                bestCpu = Math.max(bestCpu, headers / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9));
            }
            results.put("headersVerifiedPerSecond4Validators", Math.round(best));
            double bestBatched = 0;
            double bestBatchedCpu = 0;
            for (int round = 0; round < 3; round++) {
                VerifiedChain chain = new VerifiedChain(network.genesisAnchor(), 64);
                chain.start(blocks.get(0));
                long start = System.nanoTime();
                long processCpuStart = processCpuNanos(os);
                for (int i = 1; i < blocks.size(); i += 64) {
                    List<BlockHeader> batch = blocks.subList(i, Math.min(blocks.size(), i + 64));
                    if (chain.extendAll(batch).accepted() != batch.size()) {
                        throw new IllegalStateException("benchmark chain rejected near " + i);
                    }
                }
                bestBatched = Math.max(bestBatched, headers / ((System.nanoTime() - start) / 1e9));
                // the whole process's CPU: the batch runs on the common pool's threads too
                bestBatchedCpu = Math.max(bestBatchedCpu, headers / ((processCpuNanos(os) - processCpuStart) / 1e9));
            }
            results.put("headersVerifiedPerSecond4ValidatorsParallelBatches", Math.round(bestBatched));
            results.put("headersVerifiedPerProcessCpuSecondParallelBatches", Math.round(bestBatchedCpu));
            results.put("headersVerifiedPerCpuSecond4Validators", Math.round(bestCpu));
            BlockHeader sample = blocks.get(blocks.size() - 1);
            long recoverStart = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < 500; i++) {
                org.bcpki.core.chain.CommitSeals.signers(sample);
            }
            results.put("sealRecoveriesPerCpuSecond", Math.round(2_000 / ((threads.getCurrentThreadCpuTime() - recoverStart) / 1e9)));

            FakeRpcServer node = network.serve();
            Clock clock = Clock.fixed(Instant.ofEpochSecond(network.chain().head().timestamp() + 1), ZoneOffset.UTC);
            MirrorSettings settings = MirrorSettings.defaults().withClock(clock);

            // The fixture computes each proof once (core's in-memory trie is slow at it); a first,
            // unmeasured client makes it do so, so the measured checks see a node serving from memory.
            int coldCount = identities;
            try (MirrorClient warmUp = new MirrorClient(network.genesisAnchor(),
                    EndpointPool.of(node.url(), java.time.Duration.ofMinutes(10), 16 << 20), null,
                    RegistryState.REGISTRY_ADDRESS, settings)) {
                warmUp.sync();
                subjects.forEach(warmUp::track);
                warmUp.refreshAll();
                for (int i = 0; i < coldCount; i++) {
                    warmUp.check(subjects.get(i), Role.METER, null);
                }
            }

            // 2. Sync over loopback JSON-RPC (debug_getRawHeader per header).
            try (MirrorClient client = new MirrorClient(network.genesisAnchor(), EndpointPool.of(node.url()), null,
                    RegistryState.REGISTRY_ADDRESS, settings)) {
                SyncReport report = client.sync();
                results.put("syncHeadersPerSecondLoopback", Math.round(report.headersVerified() / (report.millis() / 1000.0)));

                // 3. Cold checks: each subject's first check fetches and verifies a proof.
                long cpuBefore = threads.getCurrentThreadCpuTime();
                long[] cold = new long[coldCount];
                long[] bytes = new long[coldCount];
                for (int i = 0; i < coldCount; i++) {
                    CheckResult result = client.check(subjects.get(i), Role.METER, MirrorClientTest.METER_KEY);
                    if (result.decision() != Decision.GRANTED || result.fromCache()) {
                        throw new IllegalStateException("cold check " + i + ": " + result);
                    }
                    cold[i] = result.micros();
                    bytes[i] = result.proofBytes();
                }
                results.put("coldCheckMicros", percentiles(Arrays.copyOfRange(cold, coldCount / 10, coldCount)));
                results.put("coldCheckClientCpuMicrosMean", (threads.getCurrentThreadCpuTime() - cpuBefore) / 1000.0 / coldCount);
                results.put("bytesPerColdCheck", percentiles(bytes));

                // 4. Warm checks: answered from the per-subject cache at the same verified block.
                int warmCount = 200_000;
                long[] warm = new long[warmCount];
                long warmCpuStart = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < warmCount; i++) {
                    long start = System.nanoTime();
                    CheckResult result = client.check(subjects.get(i % coldCount), Role.METER, MirrorClientTest.METER_KEY);
                    warm[i] = System.nanoTime() - start;
                    if (!result.fromCache()) {
                        throw new IllegalStateException("warm check missed the cache");
                    }
                }
                double warmCpuMicros = (threads.getCurrentThreadCpuTime() - warmCpuStart) / 1000.0 / warmCount;
                long[] warmTail = Arrays.copyOfRange(warm, warmCount / 2, warmCount);
                Arrays.sort(warmTail);
                Map<String, Object> warmStats = new LinkedHashMap<>();
                warmStats.put("p50Micros", warmTail[warmTail.length / 2] / 1000.0);
                warmStats.put("p99Micros", warmTail[(int) (warmTail.length * 0.99)] / 1000.0);
                warmStats.put("clientCpuMicrosMean", warmCpuMicros);
                results.put("warmCheck", warmStats);

                // 5. A new block that leaves the registry alone: one account proof carries every record.
                network.mine();
                client.sync();
                long[] carried = new long[coldCount];
                long accountProofBytes = 0;
                for (int i = 0; i < coldCount; i++) {
                    CheckResult result = client.check(subjects.get(i), Role.METER, MirrorClientTest.METER_KEY);
                    if (!result.fromCache()) {
                        throw new IllegalStateException("record not carried to the new block");
                    }
                    carried[i] = result.micros();
                    accountProofBytes += result.proofBytes();
                }
                results.put("checkAfterQuietBlockMicros", percentiles(carried));
                results.put("bytesPerQuietBlockForAllCachedIdentities", accountProofBytes);
            }

            // Bytes per cold check when the node gzips its answers.
            node.gzip(true);
            try (MirrorClient client = new MirrorClient(network.genesisAnchor(), EndpointPool.of(node.url()), null,
                    RegistryState.REGISTRY_ADDRESS, settings)) {
                client.sync();
                long[] gzBytes = new long[Math.min(500, identities)];
                for (int i = 0; i < gzBytes.length; i++) {
                    gzBytes[i] = client.check(subjects.get(i), Role.METER, null).proofBytes();
                }
                results.put("bytesPerColdCheckGzip", percentiles(gzBytes));
            }
            node.gzip(false);

            // 6. Live heap with all identities tracked and proven (batched refresh).
            try (MirrorClient client = new MirrorClient(network.genesisAnchor(), EndpointPool.of(node.url()), null,
                    RegistryState.REGISTRY_ADDRESS, settings)) {
                client.sync();
                client.check(subjects.get(0), Role.METER, null); // connections and classes in place
                // Heap is measured at half and at all identities: the slope is the cost per tracked
                // identity, free of the client's fixed overhead and of the JVM's own buffers.
                int half = identities / 2;
                for (int i = 0; i < half; i++) {
                    client.track(SubjectId.parse(String.format("1ESY11%08d", i))); // counted: the client holds them
                }
                client.refreshAll();
                long atHalf = usedHeapAfterGc();
                histogram("before");
                for (int i = half; i < identities; i++) {
                    client.track(SubjectId.parse(String.format("1ESY11%08d", i)));
                }
                long start = System.nanoTime();
                int refreshed = client.refreshAll();
                results.put("batchRefreshIdentities", refreshed);
                results.put("batchRefreshSeconds", (System.nanoTime() - start) / 1e9);
                long atAll = usedHeapAfterGc();
                histogram("after");
                long perIdentity = (atAll - atHalf) / (identities - half);
                results.put("liveHeapBytesPerTrackedIdentity", perIdentity);
                results.put("liveHeapBytesFor10000Identities", perIdentity * 10_000);
                if (client.check(subjects.get(identities - 1), Role.METER, null).proofBytes() != 0) {
                    throw new IllegalStateException("tracked identity was not cached");
                }
            }
        }
        results.put("loadAverage1mAtEnd", os.getSystemLoadAverage());
        System.out.println(Json.writePretty(toJson(results)));
    }

    private static long processCpuNanos(java.lang.management.OperatingSystemMXBean os) {
        return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }

    private static Map<String, Object> percentiles(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", sorted.length);
        out.put("p50", sorted[sorted.length / 2]);
        out.put("p99", sorted[(int) (sorted.length * 0.99)]);
        out.put("max", sorted[sorted.length - 1]);
        out.put("mean", Arrays.stream(sorted).average().orElse(0));
        return out;
    }

    private static void histogram(String name) throws Exception {
        if (System.getenv("BENCH_HISTO") != null) {
            new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd", Long.toString(ProcessHandle.current().pid()),
                    "GC.class_histogram").redirectOutput(new java.io.File("/tmp/histo-" + name + ".txt")).start().waitFor();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @SuppressWarnings("unchecked")
    private static JsonValue toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            JsonValue.JsonObject.Builder b = JsonValue.JsonObject.builder();
            ((Map<String, Object>) map).forEach((k, v) -> b.put(k, toJson(v)));
            return b.build();
        }
        if (value instanceof Double d) {
            return new JsonValue.JsonNumber(String.format(java.util.Locale.ROOT, "%.3f", d));
        }
        if (value instanceof Number n) {
            return JsonValue.of(n.longValue());
        }
        return JsonValue.of(String.valueOf(value));
    }
}
