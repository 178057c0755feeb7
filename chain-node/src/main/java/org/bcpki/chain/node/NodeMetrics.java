package org.bcpki.chain.node;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bcpki.chain.consensus.QbftEngine;
import org.bcpki.chain.rpc.JsonRpcDispatcher;

/**
 * A node's Prometheus {@code /metrics} endpoint (Besu's {@code metrics-enabled}, {@code metrics-host},
 * {@code metrics-port}). Each node has its own registry and HTTP server, so the nodes of one JVM never
 * share or collide; the JVM metrics of that JVM appear on each. Names are Besu's where Besu has the
 * metric: {@code ethereum_blockchain_height}, {@code ethereum_peer_count},
 * {@code ethereum_best_known_block_number}, {@code besu_blockchain_chain_head_timestamp},
 * {@code besu_transaction_pool_number_of_transactions}, {@code besu_rpc_request_time} (a summary per
 * {@code methodName} with Besu's quantiles) and the JVM's {@code jvm_*}. Besu exports no QBFT round
 * metric; this node's are {@code bcpki_qbft_round_changes_total} and {@code bcpki_qbft_current_round}.
 */
public final class NodeMetrics implements JsonRpcDispatcher.CallObserver, AutoCloseable {
    /** Besu's defaults: metrics off, 127.0.0.1:9545. */
    public record Options(boolean enabled, String host, int port) {
        public static final String DEFAULT_HOST = "127.0.0.1";
        public static final int DEFAULT_PORT = 9545;
        public static final Options DISABLED = new Options(false, DEFAULT_HOST, DEFAULT_PORT);

        public Options {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("metrics-port must be 0..65535, not " + port);
            }
        }

        /** The options of a Besu config file parsed by {@code Toml}; absent keys keep Besu's defaults. */
        public static Options fromConfig(Map<String, Object> config) {
            Object enabled = config.getOrDefault("metrics-enabled", false);
            Object host = config.getOrDefault("metrics-host", DEFAULT_HOST);
            Object port = config.getOrDefault("metrics-port", (long) DEFAULT_PORT);
            if (!(enabled instanceof Boolean e)) {
                throw new IllegalArgumentException("metrics-enabled must be true or false");
            }
            if (!(host instanceof String h) || h.isBlank()) {
                throw new IllegalArgumentException("metrics-host must be a host name or address");
            }
            if (!(port instanceof Long p) || p < 0 || p > 65_535) {
                throw new IllegalArgumentException("metrics-port must be a port number 0..65535");
            }
            return new Options(e, h, Math.toIntExact(p));
        }
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Summary requestTime;
    private final ExecutorService httpThreads;
    private final HTTPServer server;

    private NodeMetrics(String nodeName, Options options, NodeServices node, QbftEngine engine) throws IOException {
        GaugeWithCallback.builder().name("ethereum_blockchain_height").help("The current height of the canonical chain")
                .callback(g -> g.call(node.chain().head().number())).register(registry);
        GaugeWithCallback.builder().name("ethereum_best_known_block_number").help("The estimated highest block available")
                .callback(g -> g.call(node.syncing().map(s -> s.highestBlock()).orElse(node.chain().head().number())))
                .register(registry);
        GaugeWithCallback.builder().name("besu_blockchain_chain_head_timestamp").help("Timestamp from the current chain head")
                .callback(g -> g.call(node.chain().head().timestamp())).register(registry);
        GaugeWithCallback.builder().name("ethereum_peer_count").help("The current number of peers connected")
                .callback(g -> g.call(node.peerCount())).register(registry);
        // the embedded pool is not layered: one layer, "pool"; the sum over layers is the pool size in both engines
        GaugeWithCallback.builder().name("besu_transaction_pool_number_of_transactions")
                .help("The number of transactions currently present in the layer").labelNames("layer")
                .callback(g -> g.call(node.pool().size(), "pool")).register(registry);
        if (engine != null) {
            CounterWithCallback.builder().name("bcpki_qbft_round_changes_total")
                    .help("Times this validator moved to a round above 0 (a round timed out or peers were ahead)")
                    .callback(c -> c.call(engine.roundChanges())).register(registry);
            GaugeWithCallback.builder().name("bcpki_qbft_current_round").help("The QBFT round this validator is in")
                    .callback(g -> g.call(engine.round())).register(registry);
        }
        this.requestTime = Summary.builder().name("besu_rpc_request_time").help("Time taken to process a JSON-RPC request")
                .labelNames("methodName")
                .quantile(0.2, 0.02).quantile(0.5, 0.05).quantile(0.8, 0.02).quantile(0.95, 0.005).quantile(0.99, 0.001)
                .quantile(1.0, 0.0).withoutExemplars().register(registry);
        JvmMetrics.builder().register(registry);
        this.httpThreads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "metrics-" + nodeName);
            t.setDaemon(true);
            return t;
        });
        this.server = HTTPServer.builder().hostname(options.host()).port(options.port()).registry(registry)
                .executorService(httpThreads).buildAndStart();
    }

    /** Serves {@code /metrics} for {@code node} ({@code engine} null on a mirror); fails if the port is taken. */
    public static NodeMetrics start(String nodeName, Options options, NodeServices node, QbftEngine engine) throws IOException {
        try {
            return new NodeMetrics(nodeName, options, node, engine);
        } catch (IOException e) {
            throw new IOException(nodeName + ": cannot serve metrics on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void called(String method, long nanos) {
        requestTime.labelValues(method).observe(nanos / 1e9);
    }

    @Override
    public void close() {
        server.close();
        httpThreads.shutdownNow();
        try {
            httpThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
