package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bcpki.chain.besu.BesuEngine;
import org.bcpki.chain.engine.ChainEngine;
import org.bcpki.chain.engine.EmbeddedEngine;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.node.ChainNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets written by network init and by a running node are readable by their owner only. */
class FileModesTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("finding 10: embedded init and a running node keep keys, dev accounts and data owner-only")
    void embeddedNetworkFilesAreOwnerOnly() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(1, 1, 1, 1337, 2, new SecureRandom(), TestNetwork::freePort);
        EmbeddedEngine.inProcess().init(spec, dir);
        assertSecretsOwnerOnly(spec, dir);
        try (ChainNode node = ChainNode.start(dir, "validator-1")) {
            Path data = dir.resolve("validator-1").resolve("data");
            assertMode("rwx------", data);
            assertMode("rw-------", data.resolve("blocks.sqlite"));
        }
    }

    @Test
    @DisplayName("finding 10: Besu init keeps keys, dev accounts and data directories owner-only")
    void besuNetworkFilesAreOwnerOnly() throws Exception {
        AtomicInteger port = new AtomicInteger(31_000);
        NetworkSpec spec = NetworkSpec.generate(2, 1, 1, 1337, 2, new SecureRandom(), port::incrementAndGet);
        ChainEngine besu = new BesuEngine(port::incrementAndGet, Map.of(), (command, environment) -> {
            throw new IOException("besu is not run by init");
        });
        besu.init(spec, dir);
        assertSecretsOwnerOnly(spec, dir);
    }

    @Test
    @DisplayName("finding 10: init narrows a network directory that already exists with open modes")
    void existingOpenDirectoriesAreNarrowed() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(1, 0, 1, 1337, 1, new SecureRandom(), TestNetwork::freePort);
        Files.createDirectories(dir.resolve("validator-1").resolve("data"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("validator-1"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(dir.resolve("validator-1").resolve("data"), PosixFilePermissions.fromString("rwxr-xr-x"));
        EmbeddedEngine.inProcess().init(spec, dir);
        assertSecretsOwnerOnly(spec, dir);
    }

    private static void assertSecretsOwnerOnly(NetworkSpec spec, Path dir) throws IOException {
        assertMode("rwx------", dir);
        assertMode("rw-------", dir.resolve("dev-accounts.json"));
        for (NodeSpec node : spec.nodes()) {
            Path nodeDir = dir.resolve(node.name());
            assertMode("rwx------", nodeDir);
            assertMode("rwx------", nodeDir.resolve("data"));
            assertMode("rw-------", nodeDir.resolve("key"));
        }
    }

    private static void assertMode(String expected, Path path) throws IOException {
        assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), path.toString());
    }
}
