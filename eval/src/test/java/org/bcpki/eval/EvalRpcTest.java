package org.bcpki.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.node.EmbeddedNetwork;
import org.bcpki.eval.scenario.LightClientScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval run --rpc URL,...}: the JSON-RPC-only scenario runs against the given endpoints, not a testbed of its own. */
class EvalRpcTest {
    @Test
    void syncsFromGivenEndpoints(@TempDir Path network, @TempDir Path out) throws Exception {
        NetworkSpec spec = NetworkSpec.generate(4, 0, 1, 2024, 1, new SecureRandom(), FreePorts::next);
        NetworkFiles.write(spec, network);
        try (EmbeddedNetwork nodes = EmbeddedNetwork.start(network)) {
            assertTrue(EmbeddedNetwork.awaitReady(spec, Duration.ofSeconds(30)));
            while (nodes.nodes().get(0).chain().head().number() < 3) {
                Thread.sleep(200);
            }
            List<String> urls = spec.nodes().stream().map(NodeSpec::rpcUrl).toList();
            Evaluation.Outcome outcome = Evaluation.run(out, true, urls, List.of(new LightClientScenario()), false);
            List<Metric> metrics = outcome.results().metrics();
            assertEquals(3, metrics.size());
            for (Metric metric : metrics) {
                assertTrue(metric.value() > 0, metric::toString);
                assertTrue(metric.note().contains("given endpoints"), metric::toString);
            }
        }
    }
}
