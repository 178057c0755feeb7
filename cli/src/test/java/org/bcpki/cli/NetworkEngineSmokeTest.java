package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.bcpki.chain.engine.ChainEngine;
import org.bcpki.chain.engine.EmbeddedEngine;
import org.bcpki.chain.engine.NodeEndpoint;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry/mirror smoke check through the engine interface on the embedded network (4 validators, 1 mirror). */
class NetworkEngineSmokeTest {
    @TempDir
    Path tmp;

    @Test
    void embeddedNetworkPassesTheSmokeCheck() throws Exception {
        ChainEngine engine = EmbeddedEngine.inProcess();
        NetworkSpec spec = NetworkSpec.generate(4, 1, 1, 1337, 4, new SecureRandom(), FreePorts::next);
        Path dir = tmp.resolve("net");
        engine.init(spec, dir);
        try {
            List<NodeEndpoint> nodes = engine.up(dir, Duration.ofSeconds(90));
            assertEquals(5, nodes.size());
            NetworkEngineSmoke.check(engine, dir, spec, nodes, tmp.resolve("work"));
        } finally {
            assertTrue(engine.down(dir) >= 5, "down stops every node");
        }
    }
}
