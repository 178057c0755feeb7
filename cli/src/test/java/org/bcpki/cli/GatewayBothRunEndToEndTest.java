package org.bcpki.cli;

import static org.bcpki.cli.GatewayCli.assertOk;
import static org.bcpki.cli.GatewayCli.status;
import static org.bcpki.cli.GatewayCli.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.mirror.follow.TrustAnchorFile;
import org.bcpki.mirror.testing.FakeRpcServer;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;
import org.bcpki.pki.LoopbackPorts;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.pki.PkiServer;
import org.bcpki.pki.PublicationPoints;
import org.bcpki.pki.SmPki;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gateway run --trust both}: the light client follows a sealed QBFT chain served over loopback
 * JSON-RPC (mirror-client's test network, whose registry state the test grants and revokes in), the
 * X.509 side validates against an SM-PKI serving CRLs, the meter is {@code meter simulate --cert} on
 * socat. Checked through {@code gateway status --json}: accepted while both grant, a revocation on the
 * chain alone rejects at once and is flagged as a disagreement, the CRL catches up, and the status
 * shows the chain verifier's last verified block and view age.
 *
 * <p>The test chain's blocks are stamped from a fixed past genesis time, so the light client is run
 * with {@code --max-staleness} wide enough to accept them; a live chain runs with the default 30 s.
 */
class GatewayBothRunEndToEndTest {
    private static final String METER = "1ESY1160000000";
    private static final String STRANGER = "1ESY1160000001";

    @TempDir
    Path dir;

    @Test
    void bothModeGrantsWhenBothGrantAndFlagsAChainOnlyRevocation() throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: no pseudo-terminal pairs");
        Path pkiDir = dir.resolve("pki");
        SmPki.create(pkiDir, new SmPki.Settings(PkiAlgorithm.ECDSA,
                PublicationPoints.loopback(LoopbackPorts.free(), LoopbackPorts.free()), Duration.ofSeconds(3))).pki().close();
        Path keyDir = dir.resolve("meter");
        Path strangerDir = dir.resolve("stranger");
        Path certificate = dir.resolve("meter.pem");
        CliRun keygen = CliRun.of("meter", "keygen", "--key", keyDir.toString(), "--algorithm",
                "brainpoolP256r1", "--json");
        assertOk(keygen);
        byte[] spki = HexFormat.of().parseHex(Output.mapper().readTree(keygen.out()).get("publicKey").asText());
        assertOk(CliRun.of("meter", "keygen", "--key", strangerDir.toString(), "--algorithm", "brainpoolP256r1"));
        assertOk(CliRun.of("meter", "csr", "--key", keyDir.toString(), "--id", METER, "--out",
                dir.resolve("meter.csr").toString()));
        CliRun issued = CliRun.of("pki", "issue", "--dir", pkiDir.toString(), "--role", "METER",
                "--subject", METER, "--csr", dir.resolve("meter.csr").toString(), "--usage", "signature", "--out",
                certificate.toString(), "--json");
        assertOk(issued);
        String serial = Output.mapper().readTree(issued.out()).get("serial").asText();

        Path store = dir.resolve("store");
        Path anchor = dir.resolve("anchor.json");
        GatewayCommand.Run run = new GatewayCommand.Run();
        try (TestNetwork network = new TestNetwork(4, 30_000, new RegistryState(true, 8));
                SmPki pki = SmPki.open(pkiDir);
                PkiServer server = PkiServer.startAtPublicationPoints(pki);
                PseudoTerminalPair pair = PseudoTerminalPair.open()) {
            network.state().grant(SubjectId.parse(METER), record(GrantStatus.ACTIVE, spki));
            network.mine(3);
            FakeRpcServer node = network.serve();
            TrustAnchorFile.write(network.genesisAnchor(), anchor);
            AtomicInteger exit = new AtomicInteger(-1);
            Thread gateway = Thread.ofPlatform().start(() -> exit.set(new CommandLine(run).execute(
                    "--lmn-port", pair.hostEnd(), "--trust", "both", "--rpc", node.url(), "--anchor",
                    anchor.toString(), "--registry", RegistryState.REGISTRY.toHexString(), "--max-staleness",
                    "1000000000", "--x509-anchor", pkiDir.resolve("root.pem").toString(), "--x509-intermediate",
                    pkiDir.resolve("ca-lmn.pem").toString(), "--store", store.toString(), "--wan-port", "0")));
            try {
                waitFor(() -> Files.exists(store.resolve("wan-url")));
                assertOk(simulate(pair, METER, keyDir, certificate, 2));
                assertOk(simulate(pair, STRANGER, strangerDir, null, 1));
                waitFor(() -> status(store).get("accepted").asLong() == 2
                        && status(store).get("rejected").path("UNKNOWN").asLong() == 1);
                JsonNode status = status(store);
                assertEquals("both", status.get("trust").asText());
                assertEquals(3, status.get("lastVerifiedBlock").asLong(), status.toString());
                assertTrue(status.get("viewAgeSeconds").asLong() > 0, status.toString());
                assertEquals(0, status.get("trustDisagreements").asLong(), "both said UNKNOWN for the stranger");

                // Revoked on the chain only: the chain says REVOKED with the next verified block, the CRL does not know yet.
                network.state().grant(SubjectId.parse(METER), record(GrantStatus.REVOKED, spki));
                network.mine();
                waitFor(() -> status(store).get("lastVerifiedBlock").asLong() == 4);
                assertOk(simulate(pair, METER, keyDir, certificate, 1));
                waitFor(() -> status(store).get("rejected").path("REVOKED").asLong() == 1);
                assertEquals(1, status(store).get("trustDisagreements").asLong());

                assertOk(CliRun.of("pki", "revoke", "--dir", pkiDir.toString(), "--serial", serial,
                        "--reason", "key-compromise"));
                Thread.sleep(3_500); // the CRL the gateway cached expires (3 s validity)
                assertOk(simulate(pair, METER, keyDir, certificate, 1));
                waitFor(() -> status(store).get("rejected").path("REVOKED").asLong() == 2);
                assertEquals(1, status(store).get("trustDisagreements").asLong(), "now both say REVOKED");
            } finally {
                run.stopped.countDown();
                gateway.join(10_000);
            }
            assertEquals(0, exit.get());
        }
        CliRun verify = CliRun.of("gateway", "verify-log", "--store", store.toString(), "--json");
        assertOk(verify);
    }

    private static GrantRecord record(GrantStatus status, byte[] spki) {
        return new GrantRecord(status, Role.METER.code(), 3, 1, 1_600_000_000L, 4_000_000_000L, 0,
                Bytes32.wrap(SignatureSuite.keyHash(spki)), Bytes32.ZERO);
    }

    private static CliRun simulate(PseudoTerminalPair pair, String id, Path keyDir, Path certificate, int count) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("meter", "simulate", "--port",
                pair.deviceEnd(), "--id", id, "--key", keyDir.toString(), "--interval", "50ms", "--count",
                Integer.toString(count)));
        if (certificate != null) {
            args.addAll(java.util.List.of("--cert", certificate.toString()));
        }
        return CliRun.of(args.toArray(String[]::new));
    }



}
