package org.bcpki.gateway.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.InstalledVersion;
import org.bcpki.gateway.store.LogEntry;
import org.bcpki.gateway.store.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's installed version per device type: logged with its acceptance, never lowered, added to older stores. */
class InstalledVersionStoreTest {
    private static final String TYPE = "0x" + "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void theInstalledVersionOnlyRises() {
        try (GatewayStore store = GatewayStore.open(dir)) {
            LogEntry two = store.logInstall(accepted("0x02"), version(2, "0x02"));
            store.logInstall(accepted("0x01"), version(1, "0x01")); // as if a check were bypassed: still not lowered
            InstalledVersion now = store.installedVersion(TYPE).orElseThrow();
            assertEquals(2, now.version());
            assertEquals("0x02", now.releaseId());
            assertEquals(two.seq(), now.logSeq());

            LogEntry again = store.logInstall(accepted("0x02"), version(2, "0x02"));
            assertEquals(again.seq(), store.installedVersion(TYPE).orElseThrow().logSeq(), "a re-install is recorded");
            assertEquals(List.of(store.installedVersion(TYPE).orElseThrow()), store.installedVersions());
            assertTrue(store.installedVersion("0x" + "cd".repeat(32)).isEmpty());
            assertEquals(3, store.logEntries(1, 10).size(), "every install is in the log");
            assertTrue(store.verifyLog().intact());
        }
    }

    @Test
    void aStoreFromBeforeGainsTheTable() throws Exception {
        GatewayStore.open(dir).close();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(GatewayStore.FILE_NAME));
                Statement s = db.createStatement()) {
            s.execute("DROP TABLE installed_versions");
            s.execute("PRAGMA user_version = 1");
        }
        try (GatewayStore store = GatewayStore.open(dir)) {
            assertTrue(store.installedVersions().isEmpty());
            store.logInstall(accepted("0x03"), version(3, "0x03"));
            assertEquals(3, store.installedVersion(TYPE).orElseThrow().version());
        }
    }

    private static InstalledVersion version(long version, String releaseId) {
        return new InstalledVersion(TYPE, "0x" + "01".repeat(32), "METER", "E350", version, releaseId, -1);
    }

    private static LogRecord accepted(String releaseId) {
        return LogRecord.accepted(Installer.KIND, releaseId, "block 1 0x00", "test install");
    }
}
