package org.bcpki.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.bcpki.chain.engine.EmbeddedEngine;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry/mirror smoke check through the engine interface on the embedded network (4
 * validators, 1 mirror), and the filter API and PERM checks NetworkBesuContainersTest runs on Besu.
 */
class NetworkEngineSmokeTest {
    @TempDir
    Path tmp;

    @Test
    void embeddedNetworkPassesTheSmokeCheck() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(4, 1, 1, 1337, 4, new SecureRandom(), FreePorts::next);
        EngineNetwork.run(EmbeddedEngine.inProcess(), spec, tmp.resolve("net"), Duration.ofSeconds(90),
                network -> NetworkEngineSmoke.check(network, tmp.resolve("work")));
    }

    @Test
    void embeddedNetworkServesTheFilterApi() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(1, 0, 1, 1337, 1, new SecureRandom(), FreePorts::next);
        EngineNetwork.run(EmbeddedEngine.inProcess(), spec, tmp.resolve("filters"), Duration.ofSeconds(90), FilterApiCheck::check);
    }

    @Test
    void embeddedValidatorAnswersThePermCallsAsBesu() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(2, 1, 1, 1337, 1, new SecureRandom(), FreePorts::next);
        EngineNetwork.run(EmbeddedEngine.inProcess(), spec, tmp.resolve("perm"), Duration.ofSeconds(90), PermSuite::run);
    }

    @Test
    void embeddedNetworkServesMetricsLivenessAndReadiness() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(2, 1, 1, 1337, 2, new SecureRandom(), FreePorts::next);
        EngineNetwork.run(EmbeddedEngine.inProcess(), spec, tmp.resolve("ops"), Duration.ofSeconds(90),
                network -> NodeOperationsCheck.check(network, name -> network.spec().node(name).orElseThrow().metricsUrl().orElseThrow()));
    }
}
