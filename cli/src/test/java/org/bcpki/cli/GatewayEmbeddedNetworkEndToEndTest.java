package org.bcpki.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.bcpki.chain.engine.EmbeddedEngine;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end flow ({@link GatewayEngineEndToEnd}: authorities, registry, mirror
 * client, gateway, EMT, revocation, expiry, X.509 agreement) through the engine interface on the
 * embedded QBFT network: 4 validators and a mirror node in this JVM, 1 s blocks. The same flow
 * runs on Besu containers in {@link NetworkBesuContainersTest}.
 */
class GatewayEmbeddedNetworkEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void grantsRevocationsAndExpiryOnTheEmbeddedNetworkDecideTheGatewayAndX509Agrees() throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: no pseudo-terminal pairs");
        NetworkSpec spec = NetworkSpec.generate(4, 1, 1, 1337, GatewayEngineEndToEnd.ACCOUNTS, new SecureRandom(),
                FreePorts::next);
        EngineNetwork.run(EmbeddedEngine.inProcess(), spec, dir.resolve("network"), Duration.ofSeconds(60),
                network -> GatewayEngineEndToEnd.run(network, dir.resolve("work")));
    }
}
