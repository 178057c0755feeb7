package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bcpki.chain.besu.BesuInstallation;
import org.bcpki.chain.engine.NodeEndpoint;
import org.bcpki.chain.network.NetworkSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * Real Besu (the pinned {@code hyperledger/besu} image): 4 validators and 1 mirror from the files
 * {@code network init --engine besu} writes, and the same registry/mirror smoke check the
 * embedded network passes ({@link NetworkEngineSmokeTest}), through the same engine interface.
 * Skipped, with the reason, where there is no Docker engine.
 */
class NetworkBesuContainersTest {
    @TempDir
    Path tmp;

    @BeforeEach // per test, not @BeforeAll: surefire then lists the test as skipped, with this reason
    void dockerEngine() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine: the Besu network test needs one to run " + BesuInstallation.IMAGE);
    }

    @Test
    void besuValidatorsAndMirrorPassTheSmokeCheck() throws Exception {
        BesuContainersEngine engine = new BesuContainersEngine();
        AtomicInteger port = new AtomicInteger(30_300); // inside containers: no clash with the host's ports
        NetworkSpec spec = BesuContainersEngine.place(
                NetworkSpec.generate(4, 1, 1, 1337, 4, new SecureRandom(), port::incrementAndGet));
        Path dir = tmp.resolve("besu");
        engine.init(spec, dir);
        try {
            List<NodeEndpoint> nodes = engine.up(dir, Duration.ofMinutes(4));
            assertEquals(5, nodes.size());
            NetworkEngineSmoke.check(engine, dir, spec, nodes, tmp.resolve("work"));
        } finally {
            engine.down(dir);
        }
    }
}
