package org.bcpki.chain.besu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bcpki.chain.engine.ChainEngine;
import org.bcpki.chain.engine.EngineUnavailableException;
import org.bcpki.chain.engine.NodeEndpoint;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NetworkStatus;
import org.bcpki.chain.node.NodeLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Besu engine's lifecycle where no Besu is installed: up refuses with the how-to, status and down still work. */
class BesuEngineTest {
    @TempDir
    Path tmp;

    @Test
    void upWithoutBesuRefusesAndStartsNothing() throws Exception {
        // ports probed free: "nothing answers there" must not depend on what else runs on the machine
        ChainEngine engine = new BesuEngine(org.bcpki.chain.network.FreePorts::next, Map.of("PATH", tmp.toString()), (c, e) -> {
            throw new AssertionError("no besu to run");
        });
        Path dir = tmp.resolve("net");
        engine.init(BesuFilesTest.spec(4, 1), dir);

        EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> engine.up(dir, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("release") && e.getMessage().contains("hyperledger/besu"), e.getMessage());
        assertFalse(Files.exists(NodeLauncher.runDir(dir)), "no process started, no pid file written");

        List<NetworkStatus.NodeStatus> status = engine.status(dir);
        assertEquals(5, status.size());
        assertTrue(status.stream().noneMatch(NetworkStatus.NodeStatus::reachable));
        assertEquals(0, engine.down(dir));
    }

    @Test
    void upWithBesuOnAnOldJdkRefuses() throws Exception {
        Path script = tmp.resolve("besu/bin/besu");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\nexit 3\n");
        assertTrue(script.toFile().setExecutable(true));
        ChainEngine engine = new BesuEngine(new AtomicInteger(25_000)::incrementAndGet,
                Map.of("BESU_HOME", tmp.resolve("besu").toString()), (c, e) -> BesuInstallationTest.ON_JAVA_17);
        Path dir = tmp.resolve("net");
        engine.init(BesuFilesTest.spec(4, 0), dir);
        EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> engine.up(dir, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("Java 17"), e.getMessage());
        assertFalse(Files.exists(NodeLauncher.runDir(dir)));
    }

    /**
     * Not a proof of launching Besu: a {@code bin/besu} that exits at once (as Besu does on a bad
     * config) must make {@code up} give up early, point at the logs and leave no pid file behind.
     */
    @Test
    void upGivesUpWhenBesuExitsAtStart() throws Exception {
        Path home = tmp.resolve("besu");
        Path script = home.resolve("bin/besu");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\necho \"started in $PWD with $*\"\necho 'Invalid config' >&2\nexit 1\n");
        assertTrue(script.toFile().setExecutable(true));
        ChainEngine engine = new BesuEngine(new AtomicInteger(27_000)::incrementAndGet,
                Map.of("BESU_HOME", home.toString(), "PATH", "/usr/bin:/bin"), (c, e) -> BesuInstallationTest.V26);
        Path dir = tmp.resolve("net");
        engine.init(BesuFilesTest.spec(4, 1), dir);

        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> engine.up(dir, Duration.ofSeconds(120)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(60).toNanos(), "gave up without waiting for the timeout");
        assertTrue(e.getMessage().contains("exited") && e.getMessage().contains(NodeLauncher.runDir(dir).toString()), e.getMessage());
        try (var files = Files.list(NodeLauncher.runDir(dir))) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".pid")), "pid files removed");
        }
        String log = Files.readString(NodeLauncher.runDir(dir).resolve("validator-1.log"));
        assertTrue(log.contains("started in " + dir.resolve("validator-1").toAbsolutePath().normalize()), log);
        assertTrue(log.contains("--config-file=" + dir.resolve("validator-1/config.toml").toAbsolutePath().normalize()), log);
        assertTrue(log.contains("Invalid config"), "stderr goes to the log too: " + log);
    }

    @Test
    void endpointsCarryTheSeparateWebSocketPort() throws IOException {
        NetworkSpec spec = BesuFilesTest.spec(4, 2);
        Path dir = tmp.resolve("net");
        new BesuEngine(new AtomicInteger(26_000)::incrementAndGet, Map.of(), (c, e) -> "").init(spec, dir);
        List<NodeEndpoint> endpoints = BesuEngine.endpoints(dir, spec);
        assertEquals(6, endpoints.size());
        for (int i = 0; i < endpoints.size(); i++) {
            NodeEndpoint endpoint = endpoints.get(i);
            assertEquals(spec.nodes().get(i).rpcUrl(), endpoint.rpcUrl());
            assertEquals("ws://127.0.0.1:" + (26_001 + i), endpoint.wsUrl());
        }
        Path embedded = tmp.resolve("embedded");
        org.bcpki.chain.engine.EmbeddedEngine.inProcess().init(spec, embedded);
        assertNull(BesuEngine.endpoints(embedded, spec).get(0).wsUrl());
    }
}
