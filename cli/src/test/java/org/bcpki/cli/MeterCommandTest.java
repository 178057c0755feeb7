package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.bcpki.gateway.lmn.SerialLine;
import org.bcpki.gateway.lmn.SerialSettings;
import org.bcpki.gateway.reading.MeterKey;
import org.bcpki.gateway.reading.ReadingCodec;
import org.bcpki.gateway.reading.SignedReading;
import org.bcpki.gateway.sml.FrameEvent;
import org.bcpki.gateway.sml.FrameRejection;
import org.bcpki.gateway.sml.SmlFrameDecoder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterCommandTest {
    @TempDir
    Path dir;

    @Test
    void keygenThenSimulateSendsSignedReadingsAndRequestedFaults() throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: no pseudo-terminal pairs");
        Path key = dir.resolve("meter");
        CliRun keygen = CliRun.of("meter", "keygen", "--key", key.toString(), "--algorithm", "brainpoolP256r1", "--json");
        assertEquals(0, keygen.code(), keygen.err());
        assertTrue(Output.mapper().readTree(keygen.out()).get("keyHash").asText().startsWith("0x"));

        List<FrameEvent> events = new CopyOnWriteArrayList<>();
        try (PseudoTerminalPair pair = PseudoTerminalPair.open();
                SerialLine line = SerialLine.start(pair.hostEnd(), SerialSettings.SML_DEFAULT,
                        SmlFrameDecoder.DEFAULT_MAX_FRAME_BYTES, Duration.ofMillis(300), (port, e) -> events.add(e))) {
            CliRun simulate = CliRun.of("meter", "simulate", "--port", pair.deviceEnd(), "--id", "1ESY1160000000",
                    "--key", key.toString(), "--interval", "10ms", "--count", "2", "--fault", "bad-crc", "--json");
            assertEquals(0, simulate.code(), simulate.err());
            JsonNode sent = Output.mapper().readTree(simulate.out()).get("sent");
            assertEquals(2, sent.get("reading").asLong());
            assertEquals(2, sent.get("bad-crc").asLong());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (events.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        MeterKey meterKey = MeterKey.load(key);
        List<SignedReading> readings = events.stream().filter(FrameEvent.Frame.class::isInstance)
                .map(e -> decode(((FrameEvent.Frame) e).payload())).toList();
        assertEquals(2, readings.size(), events.toString());
        assertTrue(readings.stream().allMatch(r -> r.verifiesWith(meterKey.spki())));
        assertEquals(List.of(1L, 3L), readings.stream().map(r -> r.reading().counter()).toList(),
                "each fault uses a fresh counter too");
        assertEquals(2, events.stream().filter(e -> e instanceof FrameEvent.Rejected r
                && r.reason() == FrameRejection.BAD_CRC).count());
    }

    @Test
    void simulateRejectsBadOptionsAsUsageErrors() {
        Path key = dir.resolve("meter");
        assertEquals(0, CliRun.of("meter", "keygen", "--key", key.toString()).code());
        assertEquals(2, CliRun.of("meter", "keygen", "--key", key.toString()).code(), "never overwrites a key");
        String[] base = {"meter", "simulate", "--port", "/dev/null", "--key", key.toString()};
        assertEquals(2, run(base, "--id", "not-a-meter").code());
        assertEquals(2, run(base, "--id", "1ESY1160000000", "--interval", "soon").code());
        CliRun fault = run(base, "--id", "1ESY1160000000", "--fault", "meteor");
        assertEquals(2, fault.code());
        assertTrue(fault.err().contains("unknown fault"), fault.err());
        assertEquals(2, CliRun.of("meter", "simulate", "--port", "/dev/null", "--id", "1ESY1160000000",
                "--key", dir.resolve("none").toString()).code());
    }

    private static CliRun run(String[] base, String... more) {
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    private static SignedReading decode(byte[] payload) {
        try {
            return ReadingCodec.fromSml(payload);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
