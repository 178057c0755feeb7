package org.bcpki.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.bcpki.gateway.identity.ChainTestNetwork;
import org.bcpki.gateway.identity.ChainVerifier;
import org.bcpki.gateway.identity.TrustMode;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.LogRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 10 (the gateway's part): the store holds consumption readings, the HAN token and the light
 * client's state; another local user must not be able to read any of it, whatever the umask, and
 * files an older version left readable are narrowed at start.
 */
class StoreFileModesTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("finding 10: the gateway's store directory is 0700 and its database, WAL, HAN token and WAN files 0600")
    void aFreshStoreIsOwnerOnly() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX modes");
        Path store = dir.resolve("store");
        try (ChainTestNetwork chain = ChainTestNetwork.start(); Gateway gateway = start(chain, store)) {
            assertOwnerOnly(store, gateway);
        }
    }

    @Test
    @DisplayName("finding 10: a store an older version left readable by others is narrowed to 0600 files in a 0700 directory")
    void anExposedStoreIsNarrowedAtStart() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX modes");
        Path store = dir.resolve("store");
        Files.createDirectories(store);
        try (GatewayStore old = GatewayStore.open(store)) {
            old.log(new LogRecord("gateway", "", "info", "START", "old", ""));
        }
        Files.writeString(store.resolve(Gateway.HAN_TOKEN_FILE), "00112233445566778899aabbccddeeff0011223344556677");
        for (String name : List.of(GatewayStore.FILE_NAME, Gateway.HAN_TOKEN_FILE)) {
            Files.setPosixFilePermissions(store.resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(org.bcpki.core.io.PrivateFiles.isExposed(store.resolve(GatewayStore.FILE_NAME)), "the attack's premise");

        try (ChainTestNetwork chain = ChainTestNetwork.start(); Gateway gateway = start(chain, store)) {
            assertOwnerOnly(store, gateway);
            assertEquals("00112233445566778899aabbccddeeff0011223344556677", gateway.hanToken(), "the token is kept");
            assertEquals(3, gateway.store().verifyLog().entries(), "the old log is kept: its entry, START, TEST");
        }
    }

    private Gateway start(ChainTestNetwork chain, Path store) {
        ChainVerifier verifier = ChainVerifier.start(chain.settings(dir.resolve("anchor.json"), store),
                chain.mirrorSettings(), Duration.ofMillis(200));
        return Gateway.start(GatewayConfig.defaults(List.of(), store, TrustMode.CHAIN, 0), verifier);
    }

    private static void assertOwnerOnly(Path store, Gateway gateway) throws Exception {
        assertEquals("rwx------", mode(store));
        assertEquals("rwx------", mode(store.resolve(ChainVerifier.STORE_DIR)));
        gateway.store().log(new LogRecord("gateway", "", "info", "TEST", "", "")); // the WAL exists while open
        for (String name : List.of(GatewayStore.FILE_NAME, GatewayStore.FILE_NAME + "-wal", GatewayStore.FILE_NAME + "-shm",
                Gateway.HAN_TOKEN_FILE, Gateway.WAN_CERT_FILE, Gateway.WAN_URL_FILE)) {
            assertEquals("rw-------", mode(store.resolve(name)), name);
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
