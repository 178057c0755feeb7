package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.mirror.follow.TrustAnchorFile;
import org.bcpki.mirror.testing.FakeRpcServer;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A PUF meter end to end: {@code puf enroll} makes the enrollment directory (public data only), the
 * registry grants the enrolled key hash, and {@code meter simulate --key ENROLLMENT --device-seed S}
 * rebuilds the ML-DSA-65 key from a fresh noisy PUF read and sends readings that a gateway in chain
 * mode accepts; another chip (another seed) cannot produce the key at all.
 */
class MeterPufEndToEndTest {
    private static final String METER = "1ESY1160000007";

    @TempDir
    Path dir;

    @Test
    void aPufMetersReadingsAreAcceptedUnderItsEnrolledKey() throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: no pseudo-terminal pairs");
        Path enrollment = dir.resolve("enrollment");
        CliRun enrolled = CliRun.of("puf", "enroll", "--device-seed", "meter-7", "--out",
                enrollment.toString(), "--subject", METER, "--json");
        assertEquals(0, enrolled.code(), enrolled.err());
        String keyHash = Output.mapper().readTree(enrolled.out()).get("keyHash").asText();

        CliRun otherChip = CliRun.of("meter", "simulate", "--port", "/dev/null", "--id", METER, "--key",
                enrollment.toString(), "--device-seed", "not-meter-7", "--count", "1");
        assertEquals(2, otherChip.code(), otherChip.err());
        assertTrue(otherChip.err().contains("PUF key of " + METER), otherChip.err());
        CliRun noPuf = CliRun.of("meter", "simulate", "--port", "/dev/null", "--id", METER, "--key",
                enrollment.toString(), "--count", "1");
        assertEquals(2, noPuf.code(), noPuf.err());

        Path store = dir.resolve("store");
        Path anchor = dir.resolve("anchor.json");
        GatewayCommand.Run run = new GatewayCommand.Run();
        try (TestNetwork network = new TestNetwork(4, 30_000, new RegistryState(true, 8));
                PseudoTerminalPair pair = PseudoTerminalPair.open()) {
            network.state().grant(SubjectId.parse(METER), new GrantRecord(GrantStatus.ACTIVE, Role.METER.code(), 11, 1,
                    1_600_000_000L, 4_000_000_000L, 0, Bytes32.fromHexString(keyHash), Bytes32.ZERO));
            network.mine(2);
            FakeRpcServer node = network.serve();
            TrustAnchorFile.write(network.genesisAnchor(), anchor);
            AtomicInteger exit = new AtomicInteger(-1);
            // The test chain's blocks carry timestamps from its fixed genesis time: a wide staleness bound.
            Thread gateway = Thread.ofPlatform().start(() -> exit.set(new CommandLine(run).execute(
                    "--lmn-port", pair.hostEnd(), "--trust", "chain", "--rpc", node.url(), "--anchor",
                    anchor.toString(), "--registry", RegistryState.REGISTRY.toHexString(), "--max-staleness",
                    "1000000000", "--store", store.toString(), "--wan-port", "0")));
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!Files.exists(store.resolve("wan-url"))) {
                    assertTrue(System.nanoTime() < deadline, "gateway did not start");
                    Thread.sleep(100);
                }
                CliRun simulate = CliRun.of("meter", "simulate", "--port", pair.deviceEnd(), "--id", METER,
                        "--key", enrollment.toString(), "--device-seed", "meter-7", "--interval", "50ms", "--count", "2");
                assertEquals(0, simulate.code(), simulate.err());
                JsonNode status = status(store);
                while (status.get("accepted").asLong() < 2) {
                    assertTrue(System.nanoTime() < deadline, "PUF meter's readings not accepted: " + status);
                    Thread.sleep(100);
                    status = status(store);
                }
                assertEquals(0, status.get("rejected").size(), status.toString());
            } finally {
                run.stopped.countDown();
                gateway.join(10_000);
            }
            assertEquals(0, exit.get());
        }
    }

    private static JsonNode status(Path store) throws Exception {
        CliRun status = CliRun.of("gateway", "status", "--store", store.toString(), "--json", "--timeout", "120");
        assertEquals(0, status.code(), status.err());
        return Output.mapper().readTree(status.out());
    }
}
