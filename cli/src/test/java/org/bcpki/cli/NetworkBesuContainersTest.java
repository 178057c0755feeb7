package org.bcpki.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.bcpki.chain.besu.BesuInstallation;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * Real Besu (the pinned {@code hyperledger/besu} image): 4 validators and 1 mirror from the files
 * {@code network init --engine besu} writes, and the suites the embedded network passes, through
 * the same engine interface: the registry/mirror smoke check ({@link NetworkEngineSmokeTest}) and
 * the authority + mirror client + gateway end-to-end flow ({@link GatewayEmbeddedNetworkEndToEndTest}),
 * and the filter API calls ({@link FilterApiCheck}, also run on the embedded network by {@link NetworkEngineSmokeTest}).
    }

    @Test
 * the authority + mirror client + gateway end-to-end flow ({@link GatewayEmbeddedNetworkEndToEndTest}), and the
 * PERM calls ({@link PermSuite}, also run on the embedded network by {@link NetworkEngineSmokeTest}).
 * Skipped, with the reason, where there is no Docker engine.
 */
class NetworkBesuContainersTest {
    @TempDir
    Path tmp;

    @BeforeEach // per test, not @BeforeAll: surefire then lists each test as skipped, with this reason
    void dockerEngine() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine: the Besu network test needs one to run " + BesuInstallation.IMAGE);
    }

    @Test
    void besuValidatorsAndMirrorPassTheSmokeCheck() throws Exception {
        EngineNetwork.run(new BesuContainersEngine(), besuSpec(4), tmp.resolve("besu"), Duration.ofMinutes(4),
                network -> NetworkEngineSmoke.check(network, tmp.resolve("work")));
    }

    @Test
    void besuValidatorsAndMirrorPassTheGatewayEndToEndFlow() throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: no pseudo-terminal pairs");
        EngineNetwork.run(new BesuContainersEngine(), besuSpec(GatewayEngineEndToEnd.ACCOUNTS), tmp.resolve("besu"),
                Duration.ofMinutes(4), network -> GatewayEngineEndToEnd.run(network, tmp.resolve("work")));
    }

    @Test
    void besuServesTheDebugTraceMethods() throws Exception {
        EngineNetwork.run(new BesuContainersEngine(), besuSpec(1), tmp.resolve("besu"), Duration.ofMinutes(4),
                EngineDebugTrace::check);
    }

    @Test
    void besuAnswersTheIssue16RpcCallsAsTheEmbeddedNetwork() throws Exception {
        EngineNetwork.run(new BesuContainersEngine(), besuSpec(4), tmp.resolve("besu"), Duration.ofMinutes(4),
                EngineRpcParity::check);
    }

    @Test
    void besuValidatorsServeTheFilterApi() throws Exception {
        EngineNetwork.run(new BesuContainersEngine(), besuSpec(1), tmp.resolve("besu"), Duration.ofMinutes(4), FilterApiCheck::check);
    }

    @Test
    void besuValidatorAnswersThePermCallsAsTheEmbeddedNode() throws Exception {
        EngineNetwork.run(new BesuContainersEngine(), besuSpec(4), tmp.resolve("besu"), Duration.ofMinutes(4), PermSuite::run);
    }

    @Test
    void besuServesMetricsLivenessAndReadiness() throws Exception {
        BesuContainersEngine engine = new BesuContainersEngine();
        Path dir = tmp.resolve("besu");
        EngineNetwork.run(engine, besuSpec(2), dir, Duration.ofMinutes(4),
                network -> NodeOperationsCheck.check(network, name -> engine.metricsUrl(dir, name)));
    }

    /** 1 s blocks; ports inside the containers, so no clash with the host's ports. */
    private static NetworkSpec besuSpec(int devAccounts) {
        AtomicInteger port = new AtomicInteger(30_300);
        return BesuContainersEngine.place(
                NetworkSpec.generate(4, 1, 1, 1337, devAccounts, new SecureRandom(), port::incrementAndGet));
    }
}
