package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bcpki explorer}: options, usage errors, and serving until stopped. */
class ExplorerCommandTest {
    private static final String REGISTRY = "0x00000000000000000000000000000000000000ab";

    @TempDir
    Path dir;
    private Path network;

    @BeforeEach
    void writeNetwork() throws Exception {
        // a network directory as 'bcpki network init' writes it; its nodes are not running
        network = dir.resolve("net");
        NetworkFiles.write(NetworkSpec.generate(1, 1, 1, 1337, 1, new SecureRandom(), FreePorts::next), network);
    }

    private static void assertUsage(CliRun run, String message) {
        assertEquals(ExitCodes.USAGE, run.code(), run.out() + run.err());
        assertTrue(run.err().contains(message), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        assertTrue(CliRun.of("--help").out().contains("  explorer "), "registered under bcpki");
        assertUsage(CliRun.of("explorer"), "--network");
        assertUsage(CliRun.of("explorer", "--network", dir.resolve("nothing").toString()), "no network in");
        assertUsage(CliRun.of("explorer", "--network", network.toString()), "give the deployed one with --registry");
        assertUsage(CliRun.of("explorer", "--network", network.toString(), "--registry", "0x12"),
                "--registry must be a 0x address of 40 hex digits");
        assertUsage(CliRun.of("explorer", "--network", network.toString(), "--registry", REGISTRY, "--port", "70000"),
                "--port must be 0..65535");
        assertUsage(CliRun.of("explorer", "--network", network.toString(), "--registry", REGISTRY, "--port", "x"),
                "--port");
        assertUsage(CliRun.of("explorer", "--network", network.toString(), "--registry", REGISTRY, "--node", "nobody"),
                "--node: no node 'nobody'");
        assertUsage(CliRun.of("explorer", "--network", network.toString(), "--registry", REGISTRY, "--gateway",
                "ftp://127.0.0.1/status"), "--gateway must be an http(s) URL");
        assertUsage(CliRun.of("explorer", "--network", network.toString(), "--registry", REGISTRY, "--gateway-cert",
                dir.resolve("missing.pem").toString(), "--gateway", "https://127.0.0.1:1/status"), "cannot read --gateway-cert");
        Path notPem = Files.writeString(dir.resolve("bad.pem"), "not a certificate");
        assertUsage(CliRun.of("explorer", "--network", network.toString(), "--registry", REGISTRY, "--gateway-cert",
                notPem.toString()), "--gateway-cert needs --gateway URL");
        assertUsage(CliRun.of("explorer", "--network", network.toString(), "--registry", REGISTRY, "--gateway-cert",
                notPem.toString(), "--gateway", "https://127.0.0.1:1/status"), "--gateway-cert: not a usable PEM certificate");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertUsage(CliRun.of("explorer", "--network", network.toString(), "--registry", REGISTRY, "--port",
                    String.valueOf(taken.getLocalPort())), "cannot serve the explorer on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void servesUntilStoppedAndSaysWhere() throws Exception {
        Files.writeString(network.resolve(NetworkFiles.REGISTRY), "{\"address\":\"" + REGISTRY + "\"}");
        StringWriter out = new StringWriter();
        CommandLine commandLine = Bcpki.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = new Thread(() -> code.set(commandLine.execute("explorer", "--network", network.toString(),
                "--port", "0", "--json")), "explorer-command");
        serving.start();
        try {
            EmbeddedChain.await("the explorer's address", Duration.ofSeconds(30), () -> {
                assertTrue(serving.isAlive(), "no address printed: " + out);
                return out.toString().contains("}");
            });
            JsonNode where = Output.mapper().readTree(out.toString());
            assertEquals(REGISTRY, where.get("registry").asText());
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(where.get("url")
                    .asText())).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            // the network is not running: the page says so, and the server answers all the same
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("cannot read the chain from " + where.get("rpc").asText()), page.body());
        } finally {
            serving.interrupt();
            serving.join(10_000);
        }
        assertFalse(serving.isAlive());
        assertEquals(ExitCodes.OK, code.get(), err.toString());
    }
}
