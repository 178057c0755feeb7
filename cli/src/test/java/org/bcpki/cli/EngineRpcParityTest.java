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
 * Issue #16's JSON-RPC answers through the engine interface on the embedded network, with the
 * generated configs' authentication; {@link NetworkBesuContainersTest} runs the same check on Besu.
 */
class EngineRpcParityTest {
    @TempDir
    Path tmp;

    @Test
    void embeddedNetworkAnswersAsBesu() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(4, 1, 1, 1337, 2, new SecureRandom(), FreePorts::next);
        EngineNetwork.run(EmbeddedEngine.inProcess(), spec, tmp.resolve("net"), Duration.ofSeconds(90), EngineRpcParity::check);
    }
}
