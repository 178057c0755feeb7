package org.bcpki.chain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeRole;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.node.EmbeddedNetwork;
import org.bcpki.core.crypto.Keccak;

/**
 * eth_getProof throughput of one mirror over loopback HTTP: a 1-validator, 1-mirror network whose
 * genesis holds one contract with {@code slots} storage slots (keys spread like a mapping's),
 * then, for each client count, that many threads each with its own keep-alive HTTP client asking
 * for the proof of one random slot at the head for {@code seconds}. Prints req/s, p50, p99 and
 * this JVM's CPU per request (server and clients), which does not depend on the machine's load.
 *
 * <pre>java -cp ... org.bcpki.chain.bench.ProofBench [--slots 100000] [--clients 1,16,64] [--seconds 10] [--dir D]</pre>
 */
public final class ProofBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTRACT = "0x00000000000000000000000000000000000b1c01";

    /** One load level. */
    public record Level(int clients, long requests, long errors, double seconds, double requestsPerSecond, double p50Millis,
            double p99Millis, double meanResponseBytes, double cpuMillisPerRequest) {}

    private ProofBench() {}

    /** The storage key of slot {@code i} (keccak of i, as a mapping entry's key is a hash). */
    static Bytes32 key(long i) {
        return Bytes32.wrap(Keccak.keccak256(Bytes32.leftPad(Bytes.ofUnsignedLong(i)).toArrayUnsafe()));
    }

    /** Writes a network with the big contract in its genesis; returns the mirror's RPC URL. */
    static String writeNetwork(Path dir, int slots) throws Exception {
        NetworkSpec spec = NetworkSpec.generate(1, 1, 1, 1337, 1, new SecureRandom(), FreePorts::next);
        NetworkFiles.write(spec, dir);
        Path genesisFile = dir.resolve(NetworkFiles.GENESIS);
        ObjectNode genesis = (ObjectNode) JSON.readTree(genesisFile.toFile());
        ObjectNode account = ((ObjectNode) genesis.get("alloc")).putObject(CONTRACT.substring(2));
        account.put("balance", "0x0");
        account.put("code", "0x00");
        ObjectNode storage = account.putObject("storage");
        for (int i = 0; i < slots; i++) {
            storage.put(key(i).toHexString(), Bytes32.leftPad(Bytes.ofUnsignedLong(i + 1)).toHexString());
        }
        JSON.writeValue(genesisFile.toFile(), genesis);
        return spec.nodes().stream().filter(n -> n.role() == NodeRole.MIRROR).map(NodeSpec::rpcUrl).findFirst().orElseThrow();
    }

    public static List<Level> load(String url, int slots, List<Integer> clientCounts, double seconds) throws Exception {
        List<Level> out = new ArrayList<>();
        for (int clients : clientCounts) {
            run(url, slots, clients, Math.min(2, seconds)); // warm-up, not reported
            out.add(run(url, slots, clients, seconds));
        }
        return out;
    }

    private static Level run(String url, int slots, int clients, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<long[]> latencies = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[1 << 20];
            latencies.add(mine);
            int seed = c;
            Thread t = Thread.ofPlatform().start(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                int n = 0;
                try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                    while (System.nanoTime() < end && n < mine.length - 1) {
                        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getProof\",\"params\":[\"" + CONTRACT
                                + "\",[\"" + key(random.nextInt(slots)).toHexString() + "\"],\"latest\"]}";
                        long s = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            JsonNode reply = JSON.readTree(r.body());
                            if (r.statusCode() != 200 || reply.has("error")) {
                                errors.incrementAndGet();
                                continue;
                            }
                            bytes.addAndGet(r.body().length());
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            continue;
                        }
                        mine[++n] = System.nanoTime() - s;
                    }
                }
                mine[0] = n;
            });
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double cpuMillis = (processCpuNanos() - cpu0) / 1e6;
        int total = latencies.stream().mapToInt(l -> (int) l[0]).sum();
        double[] all = new double[total];
        int k = 0;
        for (long[] l : latencies) {
            for (int i = 1; i <= l[0]; i++) {
                all[k++] = l[i] / 1e6;
            }
        }
        Arrays.sort(all);
        return new Level(clients, total, errors.get(), elapsed, total / elapsed, percentile(all, 50), percentile(all, 99),
                total == 0 ? 0 : bytes.get() / (double) total, total == 0 ? 0 : cpuMillis / total);
    }

    /** CPU of this JVM (server and clients alike): per request it shows cost whatever the machine's load. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public static void main(String[] args) throws Exception {
        int slots = 100_000;
        List<Integer> clients = List.of(1, 16, 64);
        double seconds = 10;
        Path dir = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--slots" -> slots = Integer.parseInt(args[i + 1]);
                case "--clients" -> clients = Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).toList();
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> {
                    System.err.println("usage: ProofBench [--slots N] [--clients 1,16,64] [--seconds S] [--dir D]");
                    System.exit(2);
                }
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("bcpki-proof-bench");
        }
        long s0 = System.nanoTime();
        String url = writeNetwork(dir, slots);
        Map<String, Object> result = new LinkedHashMap<>();
        try (EmbeddedNetwork network = EmbeddedNetwork.start(dir)) {
            result.put("slots", slots);
            result.put("startupSeconds", (System.nanoTime() - s0) / 1e9);
            result.put("cores", Runtime.getRuntime().availableProcessors());
            result.put("loadAverageBefore", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            result.put("levels", load(url, slots, clients, seconds));
            result.put("loadAverageAfter", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        System.out.println(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        System.exit(0);
    }
}
