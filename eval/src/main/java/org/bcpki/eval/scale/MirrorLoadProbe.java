package org.bcpki.eval.scale;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.RegistryLayout;

/**
 * The mirror process under G concurrent light clients: G virtual threads in the eval JVM, each
 * sending one eth_getProof of a random sampled subject's record-hash slot at a time, for a fixed
 * window after a short warm-up. CPU of the mirror process from /proc/PID/stat (utime + stime) over
 * the window. The clients share the machine's cores with the mirror: the note says how many.
 */
final class MirrorLoadProbe {
    static final String SECTION = "mirror under load";
    /** Clock ticks per second of /proc/PID/stat on Linux (USER_HZ). */
    private static final double CLOCK_TICKS = 100.0;

    private MirrorLoadProbe() {}

    static void run(ScaleChain chain, ScalePoint point, int gateways, List<SubjectId> subjects, Duration warmUp,
                    Duration window) throws Exception {
        // what a gateway asks for in a cold check: the proof of the record-hash slot (its eth_call of
        // recordOf is a separate, cheaper request not counted here)
        List<List<String>> slotSets = subjects.stream()
                .map(s -> List.of(RegistryLayout.recordHashSlot(s).toHexString())).toList();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        AtomicLong measuring = new AtomicLong(0); // 0 warm-up, 1 window, 2 over
        // one HTTP client per 50 light clients: each opens its own connections, like separate gateways
        List<HttpClient> https = new ArrayList<>();
        for (int i = 0; i < (gateways + 49) / 50; i++) {
            https.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        }
        long cpuBefore;
        long windowStart;
        long windowEnd;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int g = 0; g < gateways; g++) {
                RawRpc rpc = new RawRpc(chain.mirrorUrl(), https.get(g / 50));
                running.add(clients.submit(() -> {
                    while (measuring.get() < 2) {
                        List<String> slots = slotSets.get(ThreadLocalRandom.current().nextInt(slotSets.size()));
                        long t0 = System.nanoTime();
                        try {
                            rpc.call("eth_getProof", chain.registry(), slots, "latest");
                            if (measuring.get() == 1) {
                                latencies.add((System.nanoTime() - t0) / 1e6);
                            }
                        } catch (IOException e) {
                            if (measuring.get() == 1) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(warmUp.toMillis());
            cpuBefore = cpuTicks(chain.mirrorPid());
            windowStart = System.nanoTime();
            measuring.set(1);
            Thread.sleep(window.toMillis());
            measuring.set(2);
            windowEnd = System.nanoTime();
            long cpuAfter = cpuTicks(chain.mirrorPid());
            for (Future<?> f : running) {
                f.get();
            }
            double seconds = (windowEnd - windowStart) / 1e9;
            double cores = (cpuAfter - cpuBefore) / CLOCK_TICKS / seconds;
            List<Double> done;
            synchronized (latencies) {
                done = List.copyOf(latencies);
            }
            if (done.isEmpty()) {
                throw new IllegalStateException("no eth_getProof answered in " + window.toSeconds() + " s with " + gateways
                        + " clients (" + errors.get() + " errors)");
            }
            double rate = done.size() / seconds;
            String note = gateways + " concurrent clients in the eval JVM over loopback, " + String.format("%.1f", seconds)
                    + " s window after " + warmUp.toMillis() + " ms warm-up, " + done.size() + " answers, " + errors.get()
                    + " errors; eth_getProof of the record-hash slot of " + slotSets.size() + " sampled subjects; "
                    + Runtime.getRuntime().availableProcessors() + " cores shared by clients and mirror";
            point.value(SECTION, ScaleMetrics.MIRROR_PROOF_RATE, "chain", "", gateways, "req/s", rate, note);
            if (cores > 0) {
                point.value(SECTION, ScaleMetrics.MIRROR_PROOF_RATE_PER_CORE, "chain", "", gateways, "req/s per core",
                        rate / cores, "rate divided by the mirror process's CPU (cores busy); " + note);
            }
            point.value(SECTION, ScaleMetrics.MIRROR_CPU, "chain", "", gateways, "cores", cores,
                    "mirror process utime + stime over the window (/proc/PID/stat); " + note);
            point.distribution(SECTION, ScaleMetrics.MIRROR_PROOF_LATENCY, "chain", "", gateways, "ms",
                    ScalePoint.toArray(done), note);
        } finally {
            https.forEach(HttpClient::close);
        }
    }

    /** utime + stime of a process in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name (field 2) may hold spaces: fields are counted after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
