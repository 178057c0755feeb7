package org.bcpki.cli;

import static org.bcpki.cli.GatewayCli.status;
import static org.bcpki.cli.GatewayCli.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.identity.IdentityClaim;
import org.bcpki.gateway.identity.IdentityVerdict;
import org.bcpki.gateway.identity.IdentityVerifier;
import org.bcpki.gateway.identity.VerifierRegistry;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.bcpki.gateway.reading.MeterKey;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gateway run} as it will run once a real verifier is registered: here the registry holds a
 * test double, the meter is {@code meter simulate} on a socat pair, the checks are {@code gateway
 * status} and {@code gateway verify-log}.
 */
class GatewayRunEndToEndTest {
    private static final String METER = "1ESY1160000000";

    @TempDir
    Path dir;

    @Test
    void runAcceptsAGrantedMetersReadingsAndRejectsFaults() throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: no pseudo-terminal pairs");
        Path keyDir = dir.resolve("meter");
        MeterKey key = MeterKey.create(keyDir, KeyAlgorithm.ECDSA_BRAINPOOLP256R1, new SecureRandom());
        Path store = dir.resolve("store");
        Path anchor = Files.writeString(dir.resolve("anchor.json"), "{}");

        GatewayCommand.Run run = new GatewayCommand.Run();
        run.verifiers = VerifierRegistry.builtIn().register(VerifierRegistry.Source.CHAIN,
                settings -> new OneMeterTestDouble(SubjectId.parse(METER), key.spki()));
        try (PseudoTerminalPair pair = PseudoTerminalPair.open()) {
            AtomicInteger exit = new AtomicInteger(-1);
            Thread gateway = Thread.ofPlatform().start(() -> exit.set(new CommandLine(run).execute(
                    "--lmn-port", pair.hostEnd(), "--rpc", "http://127.0.0.1:8545", "--anchor", anchor.toString(),
                    "--registry", "0x" + "11".repeat(20), "--store", store.toString(), "--wan-port", "0")));
            try {
                waitFor(() -> Files.exists(store.resolve("wan-url")));
                CliRun simulate = CliRun.of("meter", "simulate", "--port", pair.deviceEnd(), "--id", METER,
                        "--key", keyDir.toString(), "--interval", "50ms", "--count", "3", "--fault", "bad-crc",
                        "--fault", "replay");
                assertEquals(0, simulate.code(), simulate.err());
                waitFor(() -> status(store).get("accepted").asLong() == 3
                        && status(store).get("rejected").path("REPLAY").asLong() == 3);
                JsonNode status = status(store);
                assertEquals(3, status.get("rejected").get("BAD_CRC").asLong(), status.toString());
                assertEquals("chain", status.get("trust").asText());
            } finally {
                run.stopped.countDown();
                gateway.join(10_000);
            }
            assertEquals(0, exit.get());
        }
        CliRun verify = CliRun.of("gateway", "verify-log", "--store", store.toString(), "--json");
        assertEquals(0, verify.code(), verify.out());
        // START, the three accepted readings, STOP: the six refused frames are in the security log.
        assertEquals(5, Output.mapper().readTree(verify.out()).get("entries").asLong(), verify.out());
    }



    /** TEST DOUBLE standing in for the chain verifier: exactly one meter is granted, with one key. */
    private record OneMeterTestDouble(SubjectId meter, byte[] spki) implements IdentityVerifier {
        @Override
        public IdentityVerdict verify(IdentityClaim claim) {
            if (!claim.subject().equals(meter)) {
                return new IdentityVerdict(Decision.UNKNOWN, "test double");
            }
            if (claim.role() != Role.METER) {
                return new IdentityVerdict(Decision.WRONG_ROLE, "test double");
            }
            boolean sameKey = Arrays.equals(SignatureSuite.keyHash(spki), SignatureSuite.keyHash(claim.presentedSpki()));
            return new IdentityVerdict(sameKey ? Decision.GRANTED : Decision.WRONG_KEY, "test double");
        }

        @Override
        public String name() {
            return "test-double";
        }
    }
}
