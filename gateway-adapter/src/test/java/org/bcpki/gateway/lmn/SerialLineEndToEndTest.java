package org.bcpki.gateway.lmn;

import org.bcpki.puf.serial.PseudoTerminalPair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.GatewayCounters;
import org.bcpki.gateway.identity.InMemoryGrantsTestDouble;
import org.bcpki.gateway.meter.FaultKind;
import org.bcpki.gateway.meter.MeterSimulator;
import org.bcpki.gateway.meter.SerialWriter;
import org.bcpki.gateway.reading.MeterKey;
import org.bcpki.gateway.sml.SmlFrameDecoder;
import org.bcpki.gateway.store.GatewayStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Meters and gateway on real pseudo-terminal pairs (socat), read through jSerialComm. */
class SerialLineEndToEndTest {
    private static final String GRANTED = "1ESY1160000000";
    private static final String UNKNOWN = "1ESY1160000099";

    @TempDir
    Path dir;
    private GatewayStore store;
    private GatewayCounters counters;
    private LmnPipeline pipeline;
    private MeterKey grantedKey;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: no pseudo-terminal pairs");
        store = GatewayStore.open(dir.resolve("store"));
        counters = new GatewayCounters();
        grantedKey = MeterKey.create(dir.resolve("granted"), KeyAlgorithm.ECDSA_BRAINPOOLP256R1, new SecureRandom());
        InMemoryGrantsTestDouble grants = new InMemoryGrantsTestDouble("grants")
                .grant(SubjectId.parse(GRANTED), Role.METER, grantedKey.spki());
        pipeline = new LmnPipeline(store, grants, counters);
    }

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void acceptsTheGrantedMeterAndRejectsAnUnknownOne() throws Exception {
        MeterKey unknownKey = MeterKey.create(dir.resolve("unknown"), KeyAlgorithm.ECDSA_BRAINPOOLP256R1, new SecureRandom());
        try (PseudoTerminalPair pair = PseudoTerminalPair.open();
                SerialLine line = startLine(pair.hostEnd());
                SerialWriter meter = SerialWriter.open(pair.deviceEnd(), SerialSettings.SML_DEFAULT)) {
            new MeterSimulator(GRANTED, grantedKey, dir.resolve("granted"), List.of()).run(meter, Duration.ZERO, 3, () -> true);
            new MeterSimulator(UNKNOWN, unknownKey, dir.resolve("unknown"), List.of()).run(meter, Duration.ZERO, 2, () -> true);
            waitFor(() -> counters.acceptedCount() == 3 && counters.rejectedCount("UNKNOWN") == 2);
            assertEquals(5, counters.frames());
            assertTrue(line.connected());
        }
        assertEquals(3 * 2, store.readings(GRANTED, 100).size(), "two OBIS values per accepted reading");
        assertTrue(store.readings(UNKNOWN, 100).isEmpty());
        assertTrue(store.verifyLog().intact());
    }

    @Test
    void everyFaultKindIsRejectedWhileThePortKeepsWorking() throws Exception {
        try (PseudoTerminalPair pair = PseudoTerminalPair.open();
                SerialLine line = startLine(pair.hostEnd());
                SerialWriter meter = SerialWriter.open(pair.deviceEnd(), SerialSettings.SML_DEFAULT)) {
            MeterSimulator faulty = new MeterSimulator(GRANTED, grantedKey, dir.resolve("granted"),
                    List.copyOf(EnumSet.allOf(FaultKind.class)));
            faulty.run(meter, Duration.ofMillis(200), 3, () -> true);
            waitFor(() -> counters.acceptedCount() == 3 && counters.rejectedCount("TRUNCATED") >= 2);
            for (String reason : List.of("GARBAGE", "BAD_CRC", "OVERSIZED", "REPLAY", "WRONG_KEY", "TRUNCATED")) {
                assertTrue(counters.rejectedCount(reason) >= 2, reason + " rejected: " + counters.rejectedByReason());
            }
            assertEquals(3, counters.acceptedCount(), "every good reading between the faults got through");
            assertTrue(line.connected());
        }
    }

    @Test
    void anMlDsaMeterIsAcceptedWithItsKeySentOnlyNowAndThen() throws Exception {
        MeterKey mlDsa = MeterKey.create(dir.resolve("pq"), KeyAlgorithm.ML_DSA_65, new SecureRandom());
        InMemoryGrantsTestDouble grants = new InMemoryGrantsTestDouble("grants")
                .grant(SubjectId.parse(GRANTED), Role.METER, mlDsa.spki());
        LmnPipeline pq = new LmnPipeline(store, grants, counters);
        try (PseudoTerminalPair pair = PseudoTerminalPair.open();
                SerialLine line = SerialLine.start(pair.hostEnd(), SerialSettings.SML_DEFAULT,
                        SmlFrameDecoder.DEFAULT_MAX_FRAME_BYTES, Duration.ofMillis(500), pq::handle);
                SerialWriter meter = SerialWriter.open(pair.deviceEnd(), SerialSettings.SML_DEFAULT)) {
            waitFor(line::connected);
            new MeterSimulator(GRANTED, mlDsa, dir.resolve("pq"), List.of()).run(meter, Duration.ZERO, 4, () -> true);
            waitFor(() -> counters.acceptedCount() == 4);
        }
        assertTrue(store.logEntries(1, 100).stream().allMatch(e -> e.record().outcome().equals("accepted")));
    }

    @Test
    void survivesASerialDisconnectAndReconnects() throws Exception {
        Path meterLink = dir.resolve("meter-tty");
        Path gatewayLink = dir.resolve("gateway-tty");
        MeterSimulator simulator = new MeterSimulator(GRANTED, grantedKey, dir.resolve("granted"), List.of());
        try (SerialLine line = startLine(gatewayLink.toString())) {
            try (PseudoTerminalPair pair = PseudoTerminalPair.open(meterLink, gatewayLink);
                    SerialWriter meter = SerialWriter.open(pair.deviceEnd(), SerialSettings.SML_DEFAULT)) {
                waitFor(line::connected);
                simulator.run(meter, Duration.ZERO, 1, () -> true);
                waitFor(() -> counters.acceptedCount() == 1);
            }
            waitFor(() -> !line.connected()); // the cable is pulled: socat and both pseudo-terminals are gone
            try (PseudoTerminalPair pair = PseudoTerminalPair.open(meterLink, gatewayLink);
                    SerialWriter meter = SerialWriter.open(pair.deviceEnd(), SerialSettings.SML_DEFAULT)) {
                waitFor(() -> line.connected() && line.connects() == 2);
                simulator.run(meter, Duration.ZERO, 2, () -> true);
                waitFor(() -> counters.acceptedCount() == 3);
            }
        }
    }

    private SerialLine startLine(String path) throws InterruptedException {
        SerialLine line = SerialLine.start(path, SerialSettings.SML_DEFAULT, SmlFrameDecoder.DEFAULT_MAX_FRAME_BYTES,
                Duration.ofMillis(500), pipeline::handle);
        if (java.nio.file.Files.exists(Path.of(path))) {
            waitFor(line::connected);
        }
        return line;
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
