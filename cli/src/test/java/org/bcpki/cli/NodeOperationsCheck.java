package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bcpki.chain.engine.NodeEndpoint;
import org.bcpki.chain.network.NodeRole;
import org.bcpki.chain.network.RpcClient;

/**
 * What an operator's Prometheus and load balancer see, checked the same way on every engine:
 * {@code /metrics} (Besu's names for height, peers, RPC timing, pool, JVM) and Besu's
 * {@code /liveness} and {@code /readiness} on the RPC port, without a token.
 */
final class NodeOperationsCheck {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private NodeOperationsCheck() {}

    /** @param metricsUrl the scrape URL of a node, by name */
    static void check(EngineNetwork network, Function<String, String> metricsUrl) throws Exception {
        for (NodeEndpoint node : network.nodes()) {
            HttpResponse<String> live = get(node.rpcUrl() + "/liveness");
            assertEquals(200, live.statusCode(), node.name());
            assertEquals("UP", Output.mapper().readTree(live.body()).get("status").asText());
        }
        NodeEndpoint validator = network.nodes().stream().filter(n -> n.role() == NodeRole.VALIDATOR).findFirst().orElseThrow();
        awaitStatus(validator.rpcUrl() + "/readiness", 200);
        HttpResponse<String> tooFew = get(validator.rpcUrl() + "/readiness?minPeers=1000");
        assertEquals(503, tooFew.statusCode());
        JsonNode down = Output.mapper().readTree(tooFew.body());
        assertEquals("DOWN", down.get("status").asText());
        assertEquals(503, get(validator.rpcUrl() + "/readiness?minPeers=many").statusCode());

        String url = metricsUrl.apply(validator.name());
        try (RpcClient rpc = new RpcClient(validator.rpcUrl())) {
            rpc.call("eth_blockNumber");
        }
        String first = get200(url);
        double height = value(first, "ethereum_blockchain_height", "").orElseThrow(() -> new AssertionError(first));
        assertTrue(value(first, "ethereum_peer_count", "").orElseThrow() >= 1, first);
        assertTrue(value(first, "besu_rpc_request_time_count", "methodName=\"eth_blockNumber\"").orElseThrow() >= 1, first);
        assertTrue(first.contains("besu_transaction_pool_number_of_transactions{"), first);
        // JVM metrics: the 1.x client's names (current Besu and this node), or the older simpleclient's
        assertTrue(Pattern.compile("(?m)^jvm_memory_(used_bytes|bytes_used)\\{area=\"heap\"").matcher(first).find(), first);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (value(get200(url), "ethereum_blockchain_height", "").orElseThrow() <= height) {
            assertTrue(System.nanoTime() < deadline, "the height metric did not rise above " + height);
            Thread.sleep(250);
        }
    }

    private static void awaitStatus(String url, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (get(url).statusCode() != status) {
            assertTrue(System.nanoTime() < deadline, url + " never answered " + status);
            Thread.sleep(250);
        }
    }

    private static String get200(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = get(url);
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sample {@code name{labels...} value} of the text format; labels "" for a sample without labels. */
    static OptionalDouble value(String text, String name, String labels) {
        String series = Pattern.quote(labels.isEmpty() ? name : name + "{" + labels);
        Matcher m = Pattern.compile("(?m)^" + series + (labels.isEmpty() ? "" : "[^}]*\\}") + " (\\S+)").matcher(text);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }
}
