package org.bcpki.chain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.exec.EvmTypes;
import org.bcpki.chain.network.DevAccount;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.network.RpcClient;
import org.bcpki.chain.node.ChainNode;
import org.bcpki.chain.node.EmbeddedNetwork;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * {@code bcpki network bench}: runs the network of a directory in this JVM, deploys the Storage
 * contract, submits pre-signed storage-writing transactions at a fixed rate through the nodes'
 * JSON-RPC, and measures sustained throughput, submission-to-finality latency, eth_getProof
 * latency and disk use per block and per transaction. No sender runs further ahead of the chain
 * than a validator's pool takes ({@link SenderWindow}): while blocks stall the senders wait, and
 * the result says how long and at what rate the transactions were actually submitted.
 */
public final class NetworkBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TX_GAS = 100_000;

    /** How hard and how long to push. */
    public record Options(double durationSeconds, int ratePerSecond, int proofSamples) {}

    private NetworkBench() {}

    /** A 4-validator, 1-mirror network for the bench when the directory is empty. */
    public static NetworkSpec defaultNetwork(long blockPeriodSeconds, IntSupplier ports) {
        return NetworkSpec.generate(4, 1, blockPeriodSeconds, 1337, 16, new SecureRandom(), ports);
    }

    /** Turns every node's Prometheus /metrics on or off in its config.toml (the bench's --metrics). */
    public static void setMetrics(Path dir, boolean on) throws java.io.IOException {
        for (NodeSpec n : NetworkFiles.read(dir).nodes()) {
            if (on && !n.metricsEnabled()) {
                throw new IllegalArgumentException(n.name() + " has no metrics port (its network predates metrics): "
                        + "bench a new directory");
            }
            Path config = dir.resolve(n.name()).resolve("config.toml");
            List<String> lines = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(config).stream()
                    .filter(l -> !l.startsWith("metrics-enabled=")).toList());
            lines.add("metrics-enabled=" + on);
            java.nio.file.Files.write(config, lines);
        }
    }

    public static BenchResult run(Path dir, Options options) throws Exception {
        NetworkSpec spec = NetworkFiles.read(dir);
        try (EmbeddedNetwork network = EmbeddedNetwork.start(dir)) {
            ChainNode observer = network.nodes().get(0);
            Map<Bytes32, Long> finalisedAt = new ConcurrentHashMap<>();
            observer.chain().onBlock((block, receipts) -> {
                long now = System.nanoTime();
                block.transactions().forEach(tx -> finalisedAt.put(tx.hash(), now));
            });
            List<String> rpcUrls = spec.nodes().stream().map(NodeSpec::rpcUrl).toList();
            // transactions go to the validators: a mirror's public RPC is read-only
            List<String> validatorUrls = spec.nodes().stream().filter(n -> n.role() == org.bcpki.chain.network.NodeRole.VALIDATOR)
                    .map(NodeSpec::rpcUrl).toList();
            List<DevAccount> senders = spec.devAccounts();
            if (senders.isEmpty()) {
                throw new IllegalArgumentException("the network has no funded dev accounts to send from");
            }
            long chainId = spec.chainId();
            String contract = deploy(rpcUrls.get(0), senders.get(0), chainId, observer);

            int total = (int) Math.round(options.durationSeconds() * options.ratePerSecond());
            List<Signed> signed = presign(senders, chainId, contract, total, observer);
            // one window per validator, following that validator's own chain: its pool is the one that answers
            List<ChainNode> validators = validatorUrls.stream().map(u -> network.nodes().stream()
                    .filter(n -> rpcUrl(spec, n).equals(u)).findFirst().orElseThrow()).toList();
            List<SenderWindow> windows = new ArrayList<>();
            for (ChainNode v : validators) {
                SenderWindow window = new SenderWindow(v.pool().options());
                v.chain().onBlock((block, receipts) -> window.onBlock(block));
                for (DevAccount sender : senders) {
                    String address = Credentials.create(sender.privateKey().toHexString()).getAddress();
                    window.sealedBelow(Bytes.fromHexString(address), nonce(v, address));
                }
                windows.add(window);
            }
            HttpClient http = HttpClient.newHttpClient();
            Map<Bytes32, Long> submittedAt = new ConcurrentHashMap<>();
            long startHeight = observer.chain().head().number();
            Path dataDir = dir.resolve(spec.nodes().get(0).name()).resolve("data");
            long diskBefore = directorySize(dataDir);
            long start = System.nanoTime();
            int batch = Math.max(1, options.ratePerSecond() / 20);
            int sent = 0;
            int target = 0;
            long heldBackNanos = 0;
            while (sent < total) {
                long due = start + (long) (sent / (double) options.ratePerSecond() * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int to = target % validators.size();
                // stop the chunk at the first transaction that validator's pool would refuse as too far ahead
                int end = sent;
                while (end < Math.min(total, sent + batch) && windows.get(to).admits(signed.get(end).sender(), signed.get(end).nonce())) {
                    end++;
                }
                if (end == sent) {
                    long t0 = System.nanoTime();
                    Thread.sleep(5);
                    heldBackNanos += System.nanoTime() - t0;
                    continue;
                }
                List<Signed> chunk = signed.subList(sent, end);
                long now = System.nanoTime();
                for (Signed tx : chunk) {
                    submittedAt.put(Bytes32.wrap(org.bcpki.core.crypto.Keccak.keccak256(tx.raw().toArrayUnsafe())), now);
                }
                sendBatch(http, validatorUrls.get(to), chunk.stream().map(Signed::raw).toList());
                target++;
                sent = end;
            }
            double submitSeconds = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!finalisedAt.keySet().containsAll(submittedAt.keySet()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long end = finalisedAt.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
            double seconds = (end - start) / 1e9;
            List<Double> latencies = new ArrayList<>();
            submittedAt.forEach((hash, at) -> {
                Long done = finalisedAt.get(hash);
                if (done != null) {
                    latencies.add((done - at) / 1e6);
                }
            });
            long finalised = latencies.size();
            double[] proof = proofLatencies(rpcUrls.get(rpcUrls.size() - 1), contract, startHeight + 1, options.proofSamples());
            long blocks = observer.chain().head().number() - startHeight;
            long disk = directorySize(dataDir) - diskBefore;
            return new BenchResult(
                    (int) spec.nodes().stream().filter(n -> n.role().label().equals("validator")).count(),
                    (int) spec.nodes().stream().filter(n -> n.role().label().equals("mirror")).count(),
                    spec.genesis().periodMillis(), seconds, options.ratePerSecond(), total / submitSeconds,
                    heldBackNanos / 1e9, windows.stream().mapToInt(SenderWindow::width).min().orElse(0),
                    total, finalised, finalised / seconds,
                    percentile(latencies, 50), percentile(latencies, 95),
                    proof.length, percentile(Arrays.stream(proof).boxed().toList(), 50),
                    percentile(Arrays.stream(proof).boxed().toList(), 99),
                    blocks, disk, disk / (double) Math.max(1, blocks), disk / (double) Math.max(1, finalised));
        }
    }

    static String deploy(String rpcUrl, DevAccount sender, long chainId, ChainNode observer) throws Exception {
        Credentials c = Credentials.create(sender.privateKey().toHexString());
        long nonce = nonce(observer, c.getAddress());
        String bytecode;
        try (InputStream in = NetworkBench.class.getResourceAsStream("/contracts/Storage.bin")) {
            bytecode = "0x" + new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
        RawTransaction tx = RawTransaction.createContractTransaction(BigInteger.valueOf(nonce), BigInteger.ZERO,
                BigInteger.valueOf(1_000_000), BigInteger.ZERO, bytecode);
        String raw = Bytes.wrap(TransactionEncoder.signMessage(tx, chainId, c)).toHexString();
        try (RpcClient rpc = new RpcClient(rpcUrl)) {
            String hash = rpc.call("eth_sendRawTransaction", raw).asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
                if (receipt != null && !receipt.isNull()) {
                    if (!"0x1".equals(receipt.get("status").asText())) {
                        throw new IllegalStateException("Storage contract deployment failed");
                    }
                    return receipt.get("contractAddress").asText();
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Storage contract deployment not finalised within 60 s");
    }

    private static long nonce(ChainNode node, String address) throws Exception {
        return node.chain().readState(node.chain().head().stateRoot(),
                state -> state.getNonce(EvmTypes.address(Bytes.fromHexString(address))).longValueExact());
    }

    /** A pre-signed bench transaction with its sender and nonce. */
    record Signed(Bytes raw, Bytes sender, long nonce) {}

    private static String rpcUrl(NetworkSpec spec, ChainNode node) {
        return spec.node(node.name()).map(NodeSpec::rpcUrl).orElseThrow();
    }

    /** Storage writes put(i, i): each transaction writes a new slot, spread over all senders. */
    static List<Signed> presign(List<DevAccount> senders, long chainId, String contract, int total, ChainNode node)
            throws Exception {
        List<Credentials> creds = senders.stream().map(a -> Credentials.create(a.privateKey().toHexString())).toList();
        long[] nonces = new long[creds.size()];
        for (int i = 0; i < creds.size(); i++) {
            nonces[i] = nonce(node, creds.get(i).getAddress());
        }
        List<Signed> out = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            int s = i % creds.size();
            String data = "0x" + putSelector() + word(i) + word(i + 1);
            long nonce = nonces[s]++;
            RawTransaction tx = RawTransaction.createTransaction(BigInteger.valueOf(nonce), BigInteger.ZERO,
                    BigInteger.valueOf(TX_GAS), contract, BigInteger.ZERO, data);
            out.add(new Signed(Bytes.wrap(TransactionEncoder.signMessage(tx, chainId, creds.get(s))),
                    Bytes.fromHexString(creds.get(s).getAddress()), nonce));
        }
        return out;
    }

    private static String putSelector() {
        byte[] hash = org.bcpki.core.crypto.Keccak.keccak256("put(uint256,uint256)".getBytes(StandardCharsets.US_ASCII));
        return Bytes.wrap(hash).slice(0, 4).toUnprefixedHexString();
    }

    private static String word(long value) {
        return Bytes32.leftPad(Bytes.ofUnsignedLong(value)).toUnprefixedHexString();
    }

    static void sendBatch(HttpClient http, String url, List<Bytes> raws) throws IOException, InterruptedException {
        ArrayNode batch = JSON.createArrayNode();
        int id = 0;
        for (Bytes raw : raws) {
            batch.addObject().put("jsonrpc", "2.0").put("id", id++).put("method", "eth_sendRawTransaction")
                    .putArray("params").add(raw.toHexString());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch))).build();
        JsonNode response = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode r : response) {
            if (r.has("error")) {
                throw new IllegalStateException("a benchmark transaction was rejected: " + r.get("error"));
            }
        }
    }

    /** eth_getProof of the contract's first slots at a block a few blocks old, on loopback. */
    private static double[] proofLatencies(String rpcUrl, String contract, long block, int samples) throws IOException {
        double[] out = new double[samples];
        try (RpcClient rpc = new RpcClient(rpcUrl)) {
            for (int i = 0; i < 20; i++) {
                rpc.call("eth_getProof", contract, List.of("0x0", "0x1", "0x2"), "0x" + Long.toHexString(block));
            }
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                rpc.call("eth_getProof", contract, List.of("0x" + Integer.toHexString(i % 50), "0x1", "0x2"),
                        "0x" + Long.toHexString(block));
                out[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return out;
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
