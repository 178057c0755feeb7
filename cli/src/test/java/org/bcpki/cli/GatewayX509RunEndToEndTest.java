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
import java.util.concurrent.atomic.AtomicInteger;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.bcpki.pki.LoopbackPorts;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.pki.PkiServer;
import org.bcpki.pki.PublicationPoints;
import org.bcpki.pki.SmPki;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gateway run --trust x509} with nothing but real parts: an SM-PKI serving CRLs over loopback
 * HTTP, a meter key, its CSR and certificate made with {@code meter keygen}, {@code meter csr} and
 * {@code pki issue}, readings from {@code meter simulate --cert} over socat, and {@code pki revoke}.
 */
class GatewayX509RunEndToEndTest {
    private static final String METER = "1ESY1160000000";

    @TempDir
    Path dir;

    @Test
    void x509ModeAcceptsACertifiedMeterUntilItsCertificateIsRevoked() throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: no pseudo-terminal pairs");
        Path pkiDir = dir.resolve("pki");
        SmPki.Created created = SmPki.create(pkiDir, new SmPki.Settings(PkiAlgorithm.ECDSA,
                PublicationPoints.loopback(LoopbackPorts.free(), LoopbackPorts.free()), Duration.ofSeconds(3)));
        created.pki().close();
        Path keyDir = dir.resolve("meter");
        Path csr = dir.resolve("meter.csr");
        Path certificate = dir.resolve("meter.pem");
        assertOk(CliRun.of("meter", "keygen", "--key", keyDir.toString(), "--algorithm", "brainpoolP256r1"));
        assertOk(CliRun.of("meter", "csr", "--key", keyDir.toString(), "--id", METER, "--out", csr.toString()));
        CliRun issued = CliRun.of("pki", "issue", "--dir", pkiDir.toString(), "--role", "METER",
                "--subject", METER, "--csr", csr.toString(), "--usage", "signature", "--out", certificate.toString(),
                "--json");
        assertOk(issued);
        String serial = Output.mapper().readTree(issued.out()).get("serial").asText();

        Path store = dir.resolve("store");
        GatewayCommand.Run run = new GatewayCommand.Run();
        try (SmPki pki = SmPki.open(pkiDir);
                PkiServer server = PkiServer.startAtPublicationPoints(pki);
                PseudoTerminalPair pair = PseudoTerminalPair.open()) {
            AtomicInteger exit = new AtomicInteger(-1);
            Thread gateway = Thread.ofPlatform().start(() -> exit.set(new CommandLine(run).execute(
                    "--lmn-port", pair.hostEnd(), "--trust", "x509",
                    "--x509-anchor", pkiDir.resolve("root.pem").toString(),
                    "--x509-intermediate", pkiDir.resolve("ca-lmn.pem").toString(),
                    "--store", store.toString(), "--wan-port", "0")));
            try {
                waitFor(() -> Files.exists(store.resolve("wan-url")));
                assertOk(simulate(pair, keyDir, certificate, 3));
                waitFor(() -> status(store).get("accepted").asLong() == 3);

                assertOk(CliRun.of("pki", "revoke", "--dir", pkiDir.toString(), "--serial", serial,
                        "--reason", "key-compromise"));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (status(store).get("rejected").path("REVOKED").asLong() == 0) {
                    assertTrue(System.nanoTime() < deadline, "revocation not honoured: " + status(store));
                    assertOk(simulate(pair, keyDir, certificate, 1));
                    Thread.sleep(300);
                }
                JsonNode status = status(store);
                assertEquals("x509", status.get("trust").asText());
                assertEquals("x509", status.get("verifier").asText());
                assertTrue(status.get("lastVerifiedBlock").isNull(), "no chain view in x509 mode: " + status);
            } finally {
                run.stopped.countDown();
                gateway.join(10_000);
            }
            assertEquals(0, exit.get());
        }
        assertOk(CliRun.of("gateway", "verify-log", "--store", store.toString()));
    }

    private static CliRun simulate(PseudoTerminalPair pair, Path keyDir, Path certificate, int count) {
        return CliRun.of("meter", "simulate", "--port", pair.deviceEnd(), "--id", METER, "--key",
                keyDir.toString(), "--cert", certificate.toString(), "--interval", "50ms", "--count",
                Integer.toString(count));
    }



}
