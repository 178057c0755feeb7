package org.bcpki.chain.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeRole;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.node.ChainNode;
import org.bcpki.chain.node.EmbeddedNetwork;
import org.bcpki.chain.store.RetainedBytes;
import org.bcpki.core.crypto.Keccak;

/**
 * What a node retains per empty block and per storage-writing transaction: a 4-validator,
 * 1-mirror network in this JVM seals {@code emptyBlocks} blocks with nothing to do, then
 * {@code txs} transactions that each write a new slot of the Storage contract; {@link RetainedBytes}
 * of validator-1 and mirror-1 before and after each phase, and once more after the network stops.
 *
 * <pre>java -cp ... org.bcpki.chain.bench.StoreBench [--empty-blocks 100] [--txs 200] [--period-ms 250] [--dir D]</pre>
 */
public final class StoreBench {
    private static final Duration WAIT = Duration.ofSeconds(180);

    /** Per-item breakdowns (bytes) by node: per empty block and per transaction. */
    public record Result(long emptyBlocks, long txs, long txBlocks, Map<String, Map<String, Double>> perEmptyBlock,
            Map<String, Map<String, Double>> perTransaction, Map<String, RetainedBytes> stoppedTotals) {}

    private StoreBench() {}

    public static Result run(Path dir, int emptyBlocks, int txs, long periodMillis) throws Exception {
        NetworkSpec spec = NetworkSpec.generate(4, 1, 1, 1337, 4, new SecureRandom(), FreePorts::next)
                .withBlockPeriodMillis(periodMillis);
        NetworkFiles.write(spec, dir);
        List<String> names = List.of("validator-1", spec.nodes().stream().filter(n -> n.role() == NodeRole.MIRROR)
                .map(NodeSpec::name).findFirst().orElseThrow());
        Map<String, Map<String, Double>> perBlock = new LinkedHashMap<>();
        Map<String, Map<String, Double>> perTx = new LinkedHashMap<>();
        long txBlocks;
        try (EmbeddedNetwork network = EmbeddedNetwork.start(dir)) {
            ChainNode observer = network.nodes().get(0);
            ChainNode mirror = network.nodes().get(network.nodes().size() - 1);
            await("first blocks", () -> mirror.chain().head().number() >= 3);
            long h0 = settle(observer, mirror);
            Map<String, RetainedBytes> r0 = measure(dir, names);
            await(emptyBlocks + " empty blocks", () -> observer.chain().head().number() >= h0 + emptyBlocks);
            long h1 = settle(observer, mirror);
            Map<String, RetainedBytes> r1 = measure(dir, names);
            for (String n : names) {
                perBlock.put(n, r1.get(n).minus(r0.get(n)).per(h1 - h0));
            }

            Set<Bytes32> finalised = ConcurrentHashMap.newKeySet();
            observer.chain().onBlock((block, receipts) -> block.transactions().forEach(t -> finalised.add(t.hash())));
            String url = spec.nodes().get(0).rpcUrl();
            String contract = NetworkBench.deploy(url, spec.devAccounts().get(0), spec.chainId(), observer);
            List<Bytes> signed = NetworkBench.presign(spec.devAccounts(), spec.chainId(), contract, txs, observer).stream()
                    .map(NetworkBench.Signed::raw).toList();
            long h2 = settle(observer, mirror);
            Map<String, RetainedBytes> r2 = measure(dir, names);
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < signed.size(); i += 50) {
                NetworkBench.sendBatch(http, url, signed.subList(i, Math.min(signed.size(), i + 50)));
            }
            Set<Bytes32> hashes = ConcurrentHashMap.newKeySet();
            signed.forEach(raw -> hashes.add(Bytes32.wrap(Keccak.keccak256(raw.toArrayUnsafe()))));
            await(txs + " transactions finalised", () -> finalised.containsAll(hashes));
            long h3 = settle(observer, mirror);
            Map<String, RetainedBytes> r3 = measure(dir, names);
            txBlocks = h3 - h2;
            for (String n : names) {
                // the blocks that carried the transactions would have cost an empty block's bytes anyway
                RetainedBytes grown = r3.get(n).minus(r2.get(n));
                Map<String, Double> emptyShare = perBlock.get(n);
                Map<String, Double> out = new LinkedHashMap<>();
                grown.per(txs).forEach((k, v) -> out.put(k, v - emptyShare.get(k) * txBlocks / txs));
                perTx.put(n, out);
            }
        }
        Map<String, RetainedBytes> stopped = measure(dir, names);
        return new Result(emptyBlocks, txs, txBlocks, perBlock, perTx, stopped);
    }

    /** Waits until the mirror has the validator's head, so both nodes are measured at one height. */
    private static long settle(ChainNode observer, ChainNode mirror) throws InterruptedException {
        long h = observer.chain().head().number();
        await("the mirror at block " + h, () -> mirror.chain().head().number() >= h);
        return h;
    }

    private static Map<String, RetainedBytes> measure(Path dir, List<String> names) {
        Map<String, RetainedBytes> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, RetainedBytes.of(dir.resolve(n).resolve("data")));
        }
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    public static void main(String[] args) throws Exception {
        int empty = 100;
        int txs = 200;
        long period = 250;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--empty-blocks" -> empty = Integer.parseInt(value);
                case "--txs" -> txs = Integer.parseInt(value);
                case "--period-ms" -> period = Long.parseLong(value);
                case "--dir" -> dir = Path.of(value);
                default -> {
                    System.err.println("usage: StoreBench [--empty-blocks N] [--txs M] [--period-ms P] [--dir D]");
                    System.exit(2);
                }
            }
            i++;
        }
        if (dir == null) {
            dir = Files.createTempDirectory("bcpki-store-bench");
        }
        Result r = run(dir, empty, txs, period);
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
        System.exit(0);
    }
}
