package org.bcpki.puf.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.puf.DeviceEnrollment;
import org.bcpki.puf.DeviceKeys;
import org.bcpki.puf.FuzzyExtractor;
import org.bcpki.puf.KeyPurpose;
import org.bcpki.puf.PufDevice;
import org.bcpki.puf.PufException;
import org.bcpki.puf.SramPufModel;
import org.bcpki.puf.SramPufSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real serial I/O: host and simulated device on the two ends of a socat pseudo-terminal pair. */
// A hung serial read must fail the test, not the build: each test runs in its own thread with a limit.
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SerialPufDeviceTest {
    private PseudoTerminalPair pty;

    @BeforeEach
    void openPty() throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: serial PUF tests need a pty pair");
        pty = PseudoTerminalPair.open();
    }

    @AfterEach
    void closePty() {
        if (pty != null) {
            pty.close();
        }
    }

    @Test
    void frameEncodingMatchesTheDocumentedLayout() {
        byte[] encoded = PufFrame.readRequest(447).encode();
        assertArrayEquals(new byte[] {(byte) 0xA5, 0x01, 0x00, 0x02, 0x01, (byte) 0xBF}, java.util.Arrays.copyOf(encoded, 6));
        assertEquals(8, encoded.length);
        // CRC-16/CCITT-FALSE check value for "123456789" is 0x29B1.
        assertEquals(0x29B1, PufFrame.crc16("123456789".getBytes(), 0, 9));
    }

    @Test
    void enrollAndReconstructThroughTheSerialDevice() throws Exception {
        SramPufSimulator puf = SramPufSimulator.of("serial-meter", SramPufModel.nominal(0.1), new SplittableRandom(1));
        try (SerialDeviceSimulator device = SerialDeviceSimulator.open(pty.deviceEnd(), puf, "test device")) {
            CompletableFuture<Long> serving = CompletableFuture.supplyAsync(() -> device.serve(0));
            try (SerialPufDevice host = SerialPufDevice.open(pty.hostEnd(), 10_000)) {
                assertEquals("test device", host.info());
                byte[] a = host.read(447);
                byte[] b = host.read(447);
                assertEquals(447, a.length);
                assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b), "reads are noisy");
                DeviceEnrollment enrollment = PufDevice.enroll(SubjectId.parse("1ESY1160000002"), host,
                        FuzzyExtractor.standard(), 5, new SplittableRandom(2));
                DeviceKeys keys = PufDevice.reconstruct(host, enrollment);
                assertArrayEquals(enrollment.signingPublicKey(), keys.publicKey(KeyPurpose.SIGNING_ML_DSA_65));
                assertThrows(IllegalArgumentException.class, () -> host.read(0));
                PufFrame refused = device.answer(new PufFrame(PufFrame.READ_REQUEST, new byte[] {0x13, (byte) 0x88}));
                assertEquals(PufFrame.ERROR, refused.type());
                assertEquals(PufFrame.ERROR_TOO_LONG, refused.payload()[0]);
            } finally {
                device.stop();
            }
            assertTrue(serving.get(30, TimeUnit.SECONDS) >= 9);
        }
    }

    @Test
    void aDeviceThatStopsAnsweringTimesOut() throws Exception {
        try (SerialPufDevice host = SerialPufDevice.open(pty.hostEnd(), 400);
             InputStream deviceIn = new FileInputStream(pty.deviceEnd())) {
            PufException e = assertThrows(PufException.class, () -> host.read(16));
            assertEquals(PufException.Kind.DEVICE_TIMEOUT, e.kind());
            assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
            assertEquals(0xA5, deviceIn.read(), "the request did reach the device");
        }
    }

    @Test
    void badChecksumsAndErrorFramesAreReported() throws Exception {
        try (SerialPufDevice host = SerialPufDevice.open(pty.hostEnd(), 2000);
             InputStream deviceIn = new FileInputStream(pty.deviceEnd());
             OutputStream deviceOut = new FileOutputStream(pty.deviceEnd())) {
            CompletableFuture<Void> badDevice = CompletableFuture.runAsync(() -> {
                try {
                    deviceIn.readNBytes(8); // the read request
                    byte[] answer = new PufFrame(PufFrame.READ_RESPONSE, new byte[16]).encode();
                    answer[answer.length - 1] ^= 0x01;
                    deviceOut.write(answer);
                    deviceOut.flush();
                    deviceIn.readNBytes(8);
                    deviceOut.write(PufFrame.error(PufFrame.ERROR_TOO_LONG, "sensor offline").encode());
                    deviceOut.flush();
                    deviceIn.readNBytes(8);
                    deviceOut.write(new PufFrame(PufFrame.READ_RESPONSE, new byte[15]).encode());
                    deviceOut.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            PufException checksum = assertThrows(PufException.class, () -> host.read(16));
            assertEquals(PufException.Kind.DEVICE_PROTOCOL, checksum.kind());
            assertTrue(checksum.getMessage().contains("bad checksum"), checksum.getMessage());
            PufException error = assertThrows(PufException.class, () -> host.read(16));
            assertTrue(error.getMessage().contains("sensor offline"), error.getMessage());
            PufException shortAnswer = assertThrows(PufException.class, () -> host.read(16));
            assertTrue(shortAnswer.getMessage().contains("15 bytes"), shortAnswer.getMessage());
            badDevice.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDeviceAnswersGarbledRequestsWithAnErrorAndKeepsServing() throws Exception {
        SramPufSimulator puf = SramPufSimulator.of("serial-meter-2", SramPufModel.nominal(0.1), new SplittableRandom(3));
        try (SerialDeviceSimulator device = SerialDeviceSimulator.open(pty.deviceEnd(), puf, "dev")) {
            CompletableFuture<Long> serving = CompletableFuture.supplyAsync(() -> device.serve(2));
            try (SerialLink raw = SerialLink.open(pty.hostEnd())) {
                byte[] garbled = PufFrame.readRequest(32).encode();
                garbled[4] ^= 0x10;
                raw.write(garbled);
                PufFrame error = new FrameReader(raw).next(10_000, 10_000);
                assertEquals(PufFrame.ERROR, error.type());
                assertEquals(PufFrame.ERROR_BAD_CHECKSUM, error.payload()[0]);
            }
            try (SerialPufDevice host = SerialPufDevice.open(pty.hostEnd(), 10_000)) {
                assertEquals(32, host.read(32).length, "the device kept serving after the garbled request");
            }
            assertEquals(2, serving.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aDeviceThatStopsRightAfterItsLastAnswerStillDeliversIt() throws Exception {
        // Closing a pty hangs it up and drops bytes socat has not forwarded yet; the link lingers.
        SramPufSimulator puf = SramPufSimulator.of("serial-meter-3", SramPufModel.nominal(0.1), new SplittableRandom(4));
        for (int round = 0; round < 4; round++) {
            try (PseudoTerminalPair pair = PseudoTerminalPair.open()) {
                CompletableFuture<Long> serving = CompletableFuture.supplyAsync(() -> {
                    try (SerialDeviceSimulator device = SerialDeviceSimulator.open(pair.deviceEnd(), puf, "dev")) {
                        return device.serve(2);
                    }
                });
                for (int read = 0; read < 2; read++) {
                    try (SerialPufDevice host = SerialPufDevice.open(pair.hostEnd(), 10_000)) {
                        assertEquals(447, host.read(447).length, "round " + round + ", read " + read);
                    }
                }
                assertEquals(2, serving.get(30, TimeUnit.SECONDS));
            }
        }
    }
}
