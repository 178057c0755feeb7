package org.bcpki.gateway.lmn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.GatewayCounters;
import org.bcpki.gateway.identity.InMemoryGrantsTestDouble;
import org.bcpki.gateway.reading.MeterKey;
import org.bcpki.gateway.reading.ReadingCodec;
import org.bcpki.gateway.sml.FrameEvent;
import org.bcpki.gateway.store.GatewayStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store written before counters were kept per key: the upgrade must not reopen a replay. */
class StoreUpgradeTest {
    private static final String METER = "1ESY1160000000";
    private static final String STRANGER = "1ESY1160000009";
    private static final MeterKey KEY = MeterKey.fromSeed(KeyAlgorithm.ECDSA_BRAINPOOLP256R1, LmnPipelineTest.seed(7));

    @TempDir
    Path dir;

    @Test
    @DisplayName("finding 11: a store from before per-key counters keeps refusing replays after the upgrade")
    void theOldCounterCarriesOverToTheMetersKey() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(GatewayStore.FILE_NAME));
                Statement s = db.createStatement()) {
            s.execute("CREATE TABLE readings (meter_id TEXT NOT NULL, counter INTEGER NOT NULL, time INTEGER NOT NULL, "
                    + "obis TEXT NOT NULL, unit INTEGER NOT NULL, scaler INTEGER NOT NULL, raw INTEGER NOT NULL, "
                    + "received_ms INTEGER NOT NULL, log_seq INTEGER NOT NULL)");
            s.execute("CREATE TABLE meter_state (meter_id TEXT PRIMARY KEY, last_counter INTEGER NOT NULL)");
            s.execute("CREATE TABLE meter_keys (meter_id TEXT NOT NULL, key_hash BLOB NOT NULL, spki BLOB NOT NULL, "
                    + "PRIMARY KEY (meter_id, key_hash))");
            s.execute("CREATE TABLE meter_certificates (meter_id TEXT NOT NULL, key_hash BLOB NOT NULL, "
                    + "chain BLOB NOT NULL, PRIMARY KEY (meter_id, key_hash))");
            s.execute("INSERT INTO meter_state VALUES ('" + METER + "', 5)");
            for (String meter : new String[] {METER, STRANGER}) { // the old version kept unverified meters' keys too
                try (PreparedStatement ps = db.prepareStatement("INSERT INTO meter_keys VALUES (?, ?, ?)")) {
                    ps.setString(1, meter);
                    ps.setBytes(2, KEY.keyHash());
                    ps.setBytes(3, KEY.spki());
                    ps.executeUpdate();
                }
            }
        }
        try (GatewayStore store = GatewayStore.open(dir)) {
            assertEquals(1, store.trackedKeyCount(), "only the meter that had readings accepted is tracked");
            InMemoryGrantsTestDouble grants = new InMemoryGrantsTestDouble("grants")
                    .grant(SubjectId.parse(METER), Role.METER, KEY.spki());
            LmnPipeline pipeline = new LmnPipeline(store, grants, new GatewayCounters());
            assertEquals("REPLAY", feed(pipeline, 5).reason(), "the old counter holds for the meter's key");
            assertEquals("accepted", feed(pipeline, 6).outcome(), "the key is still known by hash");
            assertTrue(store.lastCounter(METER, KEY.keyHash()).getAsLong() == 6);
        }
    }

    private static org.bcpki.gateway.store.LogRecord feed(LmnPipeline pipeline, long counter) {
        return pipeline.handle("p", new FrameEvent.Frame(ReadingCodec.toSml(
                LmnPipelineTest.reading(METER, counter, KEY, false))));
    }
}
