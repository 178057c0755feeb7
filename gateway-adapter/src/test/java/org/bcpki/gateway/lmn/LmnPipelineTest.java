package org.bcpki.gateway.lmn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.GatewayCounters;
import org.bcpki.gateway.identity.IdentityVerifier;
import org.bcpki.gateway.identity.InMemoryGrantsTestDouble;
import org.bcpki.gateway.reading.MeterKey;
import org.bcpki.gateway.reading.ObisCode;
import org.bcpki.gateway.reading.ObisValue;
import org.bcpki.gateway.reading.Reading;
import org.bcpki.gateway.reading.ReadingCodec;
import org.bcpki.gateway.reading.SignedReading;
import org.bcpki.gateway.sml.FrameEvent;
import org.bcpki.gateway.sml.FrameRejection;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.LogRecord;
import org.bcpki.gateway.store.LogVerification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmnPipelineTest {
    private static final String METER = "1ESY1160000000";
    private static final MeterKey KEY = MeterKey.fromSeed(KeyAlgorithm.ECDSA_BRAINPOOLP256R1, seed(1));
    private static final MeterKey OTHER_KEY = MeterKey.fromSeed(KeyAlgorithm.ECDSA_BRAINPOOLP256R1, seed(2));

    @TempDir
    Path dir;
    private GatewayStore store;
    private InMemoryGrantsTestDouble grants;
    private GatewayCounters counters;
    private LmnPipeline pipeline;

    @BeforeEach
    void setUp() {
        store = GatewayStore.open(dir);
        grants = new InMemoryGrantsTestDouble("grants").grant(SubjectId.parse(METER), Role.METER, KEY.spki());
        counters = new GatewayCounters();
        pipeline = new LmnPipeline(store, grants, counters);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void acceptsAGrantedMetersReadingAndStoresIt() {
        LogRecord entry = feed(reading(METER, 1, KEY, true));
        assertEquals("accepted", entry.outcome(), entry.toString());
        assertTrue(entry.evidence().contains("grants"), entry.evidence());
        assertEquals(1, counters.acceptedCount());
        assertEquals(new java.math.BigDecimal("1000.1"), store.readings(METER, 10).stream()
                .filter(r -> r.obis().equals("1-0:1.8.0*255")).findFirst().orElseThrow().value());
    }

    @Test
    void rejectsUnknownExpiredRevokedWrongKeyAndStaleView() {
        assertEquals("UNKNOWN", feed(reading("1ESY1160000001", 1, KEY, true)).reason());
        assertEquals(Decision.WRONG_KEY.name(), feed(reading(METER, 1, OTHER_KEY, true)).reason());
        grants.setStale(true);
        assertEquals("STALE_VIEW", feed(reading(METER, 1, KEY, true)).reason(), "a stale view fails closed");
        grants.setStale(false);
        grants.setStatus(SubjectId.parse(METER), Decision.EXPIRED);
        assertEquals("EXPIRED", feed(reading(METER, 1, KEY, true)).reason());
        grants.setStatus(SubjectId.parse(METER), Decision.REVOKED);
        assertEquals("REVOKED", feed(reading(METER, 1, KEY, true)).reason());
        assertEquals(0, counters.acceptedCount());
        assertTrue(store.readings(METER, 10).isEmpty());
    }

    @Test
    void aFailingVerifierFailsClosed() {
        IdentityVerifier broken = new IdentityVerifier() {
            @Override
            public org.bcpki.gateway.identity.IdentityVerdict verify(org.bcpki.gateway.identity.IdentityClaim claim) {
                throw new IllegalStateException("rpc down");
            }

            @Override
            public String name() {
                return "broken";
            }
        };
        LogRecord entry = new LmnPipeline(store, broken, counters).handle("p", frame(reading(METER, 1, KEY, true)));
        assertEquals("STALE_VIEW", entry.reason());
        assertTrue(entry.evidence().contains("rpc down"));
    }

    @Test
    void rejectsReplaysBadSignaturesMalformedSmlAndUnpresentedKeys() {
        assertEquals("KEY_NOT_PRESENTED", feed(reading(METER, 1, KEY, false)).reason());
        assertEquals("accepted", feed(reading(METER, 5, KEY, true)).outcome());
        assertEquals("accepted", feed(reading(METER, 6, KEY, false)).outcome(), "key known by hash now");
        assertEquals("REPLAY", feed(reading(METER, 6, KEY, false)).reason());
        assertEquals("REPLAY", feed(reading(METER, 3, KEY, true)).reason());

        SignedReading good = reading(METER, 7, KEY, true);
        Reading altered = new Reading(METER, 7, good.reading().time(),
                List.of(new ObisValue(ObisCode.ENERGY_IMPORT_TOTAL, ObisValue.UNIT_WATT_HOUR, -1, 1)));
        assertEquals("BAD_SIGNATURE", feed(new SignedReading(altered, good.algorithm(), good.key(), good.signature()))
                .reason());
        assertEquals("MALFORMED_SML", pipeline.handle("p", new FrameEvent.Frame(new byte[] {1, 2, 3})).reason());
        assertEquals("accepted", feed(reading(METER, 7, KEY, true)).outcome());
        assertEquals(3, counters.acceptedCount());
    }

    @Test
    void frameRejectionsAreLoggedWithTheirReason() {
        LogRecord entry = pipeline.handle("/dev/pts/9", new FrameEvent.Rejected(FrameRejection.BAD_CRC, 40, "CRC 1234"));
        assertEquals("BAD_CRC", entry.reason());
        assertTrue(entry.detail().contains("/dev/pts/9"));
        assertEquals(1, counters.rejectedCount("BAD_CRC"));
    }

    @Test
    void theLogVerifiesAndDetectsTampering() throws SQLException {
        feed(reading(METER, 1, KEY, true));
        feed(reading("1ESY1160000001", 1, KEY, true));
        feed(reading(METER, 2, KEY, true));
        LogVerification intact = store.verifyLog();
        assertTrue(intact.intact(), intact.toString());
        assertEquals(2, intact.entries(), "the rejection went to the security log");
        assertEquals(1, store.securityLogCount());

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(GatewayStore.FILE_NAME));
                Statement s = db.createStatement()) {
            // The application cannot rewrite history: the triggers refuse it.
            SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE log SET detail = 'forged' WHERE seq = 2"));
            assertTrue(refused.getMessage().contains("append-only"));
            // Someone with the file can: drop the trigger and change an accepted value.
            s.execute("DROP TRIGGER log_no_update");
            s.executeUpdate("UPDATE log SET detail = 'forged' WHERE seq = 2");
        }
        LogVerification tampered = store.verifyLog();
        assertFalse(tampered.intact());
        assertEquals(2, tampered.firstBrokenSeq());
        assertTrue(tampered.problem().contains("altered"), tampered.problem());
    }

    @Test
    void theLogDetectsARemovedEntry() throws SQLException {
        for (int i = 1; i <= 3; i++) {
            feed(reading(METER, i, KEY, true));
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(GatewayStore.FILE_NAME));
                Statement s = db.createStatement()) {
            s.execute("DROP TRIGGER log_no_delete");
            s.executeUpdate("DELETE FROM log WHERE seq = 2");
        }
        LogVerification result = store.verifyLog();
        assertFalse(result.intact());
        assertEquals(2, result.firstBrokenSeq());
        assertTrue(result.problem().contains("missing"), result.problem());
    }

    private LogRecord feed(SignedReading signed) {
        return pipeline.handle("/dev/pts/test", frame(signed));
    }

    private static FrameEvent.Frame frame(SignedReading signed) {
        return new FrameEvent.Frame(ReadingCodec.toSml(signed));
    }

    static SignedReading reading(String meter, long counter, MeterKey key, boolean includeKey) {
        Reading reading = new Reading(meter, counter, 1_763_700_000L + counter, List.of(
                new ObisValue(ObisCode.ENERGY_IMPORT_TOTAL, ObisValue.UNIT_WATT_HOUR, -1, 10_000 + counter)));
        return SignedReading.sign(reading, key.algorithm(), key.keyPair(), includeKey);
    }

    static byte[] seed(int b) {
        byte[] seed = new byte[32];
        seed[0] = (byte) b;
        return seed;
    }
}
