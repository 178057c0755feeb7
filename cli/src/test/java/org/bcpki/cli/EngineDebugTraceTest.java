package org.bcpki.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.bcpki.chain.engine.EmbeddedEngine;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The debug trace suite {@link NetworkBesuContainersTest} runs on Besu, through the engine interface on the embedded network. */
class EngineDebugTraceTest {
    @TempDir
    Path tmp;

    @Test
    void embeddedNetworkServesTheDebugTraceMethods() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(1, 0, 1, 1337, 1, new SecureRandom(), FreePorts::next);
        EngineNetwork.run(EmbeddedEngine.inProcess(), spec, tmp.resolve("net"), Duration.ofSeconds(90), EngineDebugTrace::check);
    }
}
