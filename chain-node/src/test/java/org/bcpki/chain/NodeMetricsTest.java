package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.network.RpcClient;
import org.bcpki.chain.network.Toml;
import org.bcpki.chain.node.ChainNode;
import org.bcpki.chain.rpc.JsonRpcDispatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/** Prometheus /metrics scraped over HTTP from running nodes, each node of the JVM on its own port. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeMetricsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path dir;
    static TestNetwork net;

    @BeforeAll
    static void start() {
        net = TestNetwork.create(dir, 2, 1, 200, 1000).startAll();
        TestNetwork.await("peers", Duration.ofSeconds(30), () -> net.node("validator-1").peerCount() >= 1);
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    @Test
    void generatedConfigsEnableMetricsOnTheirOwnPorts() throws Exception {
        for (NodeSpec n : net.spec.nodes()) {
            Map<String, Object> config = Toml.parse(Files.readString(dir.resolve(n.name()).resolve("config.toml")));
            assertEquals(true, config.get("metrics-enabled"));
            assertEquals("127.0.0.1", config.get("metrics-host"));
            assertEquals((long) n.metricsPort(), config.get("metrics-port"));
            assertEquals(n.metricsPort(), net.node(n.name()).metricsPort().orElseThrow());
        }
        assertEquals(3, net.spec.nodes().stream().map(NodeSpec::metricsPort).distinct().count());
        assertEquals(net.spec.nodes(), NetworkFiles.read(dir).nodes(), "network.json keeps the metrics ports");
    }

    @Test
    void blockHeightRisesAndPeersAreCounted() throws Exception {
        double first = value(scrape("validator-1"), "ethereum_blockchain_height", "").orElseThrow();
        TestNetwork.await("height above " + first, Duration.ofSeconds(30),
                () -> value(scrape("validator-1"), "ethereum_blockchain_height", "").orElseThrow() > first);
        assertTrue(value(scrape("validator-1"), "ethereum_peer_count", "").orElseThrow() >= 1);
        assertTrue(value(scrape("mirror-1"), "ethereum_blockchain_height", "").isPresent());
        assertTrue(value(scrape("validator-1"), "besu_blockchain_chain_head_timestamp", "").orElseThrow() > 1.6e9);
    }

    @Test
    void rpcCallsAreTimedByMethodIncludingBatchItems() throws Exception {
        String url = net.rpcUrl("mirror-1");
        try (RpcClient rpc = new RpcClient(url)) {
            rpc.call("eth_blockNumber");
            rpc.call("eth_blockNumber");
        }
        String batch = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"net_version\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"no_suchMethod\"}]";
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(answer.body().contains("Method not found"), answer.body());
        String metrics = scrape("mirror-1");
        assertTrue(value(metrics, "besu_rpc_request_time_count", "methodName=\"eth_blockNumber\"").orElseThrow() >= 2, metrics);
        assertTrue(value(metrics, "besu_rpc_request_time_count", "methodName=\"eth_chainId\"").orElseThrow() >= 1);
        assertTrue(value(metrics, "besu_rpc_request_time_count", "methodName=\"net_version\"").orElseThrow() >= 1);
        assertTrue(value(metrics, "besu_rpc_request_time_sum", "methodName=\"eth_blockNumber\"").orElseThrow() > 0);
        assertTrue(value(metrics, "besu_rpc_request_time", "methodName=\"eth_blockNumber\",quantile=\"0.95\"").isPresent(), metrics);
        // unknown names never become labels: a client cannot grow the registry without bound
        assertFalse(metrics.contains("no_suchMethod"));
        // each node has its own registry: the validator did not serve these calls
        assertFalse(scrape("validator-2").contains("methodName=\"net_version\""));
    }

    @Test
    void pendingTransactionsAreCounted() throws Exception {
        Credentials dev = Credentials.create(net.spec.devAccounts().get(2).privateKey().toHexString());
        // a nonce far ahead stays in the pool: it can never be mined while the gap is open
        String raw = TestAccounts.legacy(dev, 1337L, 7, 0, 21_000, "0x" + "ab".repeat(20), 1, "").toHexString();
        try (RpcClient rpc = new RpcClient(net.rpcUrl("validator-2"))) {
            rpc.call("eth_sendRawTransaction", raw);
        }
        assertEquals(1.0, value(scrape("validator-2"), "besu_transaction_pool_number_of_transactions", "layer=\"pool\"")
                .orElseThrow());
    }

    @Test
    void jvmMetricsOnEveryNode() throws Exception {
        for (String node : new String[] {"validator-1", "mirror-1"}) {
            String metrics = scrape(node);
            assertTrue(value(metrics, "jvm_memory_used_bytes", "area=\"heap\"").orElseThrow() > 0, node);
            assertTrue(value(metrics, "jvm_threads_current", "").orElseThrow() > 0, node);
            assertTrue(metrics.contains("jvm_gc_collection_seconds"), node);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // stops the network's consensus: last
    void roundChangesAreCountedWhenTheValidatorsCannotAgree() throws Exception {
        assertTrue(value(scrape("validator-1"), "bcpki_qbft_round_changes_total", "").isPresent());
        assertTrue(value(scrape("validator-1"), "bcpki_qbft_current_round", "").isPresent());
        assertFalse(scrape("mirror-1").contains("bcpki_qbft_round_changes_total"), "a mirror runs no consensus");
        // two validators need both for a quorum: without validator-2 every round of validator-1 times out
        double before = value(scrape("validator-1"), "bcpki_qbft_round_changes_total", "").orElseThrow();
        int closedPort = net.node("validator-2").metricsPort().orElseThrow();
        net.stop("validator-2");
        assertThrows(ConnectException.class, () -> get(closedPort), "the metrics port closes with its node");
        TestNetwork.await("a round change", Duration.ofSeconds(60),
                () -> value(scrape("validator-1"), "bcpki_qbft_round_changes_total", "").orElseThrow() > before);
    }

    @Test
    void disabledMetricsOpenNoPortAndATakenPortFailsTheStartWithItsName(@TempDir Path other) throws Exception {
        TestNetwork small = TestNetwork.create(other, 1, 0, 200, 1000);
        int port = small.spec.nodes().get(0).metricsPort();
        small.setOption("validator-1", "metrics-enabled", "false");
        ChainNode node = small.start("validator-1");
        try {
            assertTrue(node.metricsPort().isEmpty());
            assertThrows(ConnectException.class, () -> get(port));
        } finally {
            small.close();
        }
        small.setOption("validator-1", "metrics-enabled", "true");
        try (ServerSocket taken = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> small.start("validator-1"));
            assertTrue(e.getMessage().contains("cannot serve metrics on 127.0.0.1:" + port), e.getMessage());
        }
        // the failed start released everything: the node starts once the port is free
        assertTrue(small.start("validator-1").metricsPort().isPresent());
        small.close();
        small.setOption("validator-1", "metrics-port", "\"x\"");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> small.start("validator-1"));
        assertTrue(bad.getMessage().contains("metrics-port"), bad.getMessage());
    }

    @Test
    void networkFilesWrittenBeforeMetricsStillRead(@TempDir Path old) throws Exception {
        NetworkSpec spec = net.spec;
        NetworkFiles.write(spec, old);
        ObjectNode root = (ObjectNode) JsonRpcDispatcher.JSON.readTree(old.resolve(NetworkFiles.SPEC).toFile());
        root.withArray("nodes").forEach(n -> ((ObjectNode) n).remove("metricsPort"));
        JsonRpcDispatcher.JSON.writeValue(old.resolve(NetworkFiles.SPEC).toFile(), root);
        NetworkSpec read = NetworkFiles.read(old);
        assertEquals(spec.nodes().size(), read.nodes().size());
        read.nodes().forEach(n -> {
            assertEquals(0, n.metricsPort());
            assertTrue(n.metricsUrl().isEmpty());
        });
        assertFalse(NetworkFiles.besuConfig(read, read.nodes().get(0)).contains("metrics-"));
        assertNotEquals(0, spec.nodes().get(0).metricsPort());
    }

    private static String scrape(String node) {
        try {
            HttpResponse<String> r = get(net.node(node).metricsPort().orElseThrow());
            assertEquals(200, r.statusCode());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> get(int port) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sample {@code name{labels} value} of the text format; labels "" for a sample without labels. */
    static OptionalDouble value(String text, String name, String labels) {
        String series = Pattern.quote(labels.isEmpty() ? name : name + "{" + labels);
        Matcher m = Pattern.compile("(?m)^" + series + (labels.isEmpty() ? "" : "[^}]*\\}") + " (\\S+)").matcher(text);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }
}
