package org.bcpki.puf.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.bcpki.puf.PufException;
import org.bcpki.puf.PufSource;

/**
 * Bytes from a PUF device's serial line (or a host's, for the device side). Allowed errors:
 * {@link PufException} DEVICE_PROTOCOL, and DEVICE_IO when the bytes run out. Every frame read is
 * exactly the bytes it came from (re-encoding gives them back), after at most 64 bytes of noise
 * without a start byte; the device answers every frame with a well-formed answer.
 */
class PufFrameReaderFuzzTest {
    /** Long enough never to expire: the in-memory line delivers every byte it has at once. */
    private static final long NEVER_MS = 600_000;
    private static final int MAX_NOISE = 64;

    private static final PufSource ZEROS = bytes -> new byte[bytes];
    private static final SerialDeviceSimulator DEVICE = new SerialDeviceSimulator(null, ZEROS, "fuzz device");

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void framesAreExactlyTheBytesTheyCameFrom(byte[] line) {
        InMemoryLine source = new InMemoryLine(line);
        FrameReader reader = new FrameReader(source);
        while (true) {
            int before = source.position;
            PufFrame frame;
            try {
                frame = reader.next(NEVER_MS, NEVER_MS);
            } catch (PufException e) {
                if (e.kind() == PufException.Kind.DEVICE_IO) {
                    assertEquals(line.length, source.position, "the line ran out early");
                    return;
                }
                assertEquals(PufException.Kind.DEVICE_PROTOCOL, e.kind(), e::toString);
                assertFalse(e.getMessage().isBlank());
                continue; // as the device does: report and read on
            }
            assertTrue(frame != null, "an in-memory line never goes idle");
            byte[] consumed = Arrays.copyOfRange(line, before, source.position);
            byte[] wire = frame.encode();
            int noise = consumed.length - wire.length;
            assertTrue(noise >= 0 && noise <= MAX_NOISE, "noise of " + noise + " bytes before a frame");
            assertArrayEquals(wire, Arrays.copyOfRange(consumed, noise, consumed.length), "frame differs from its bytes");
            for (int i = 0; i < noise; i++) {
                assertTrue((consumed[i] & 0xFF) != PufFrame.START, "a start byte was skipped as noise");
            }
            assertAnswerIsWellFormed(frame, DEVICE.answer(frame));
        }
    }

    private static void assertAnswerIsWellFormed(PufFrame request, PufFrame answer) {
        byte[] payload = answer.payload();
        switch (answer.type()) {
            case PufFrame.READ_RESPONSE -> {
                assertEquals(PufFrame.READ_REQUEST, request.type());
                byte[] asked = request.payload();
                assertEquals(((asked[0] & 0xFF) << 8) | (asked[1] & 0xFF), payload.length);
            }
            case PufFrame.INFO_RESPONSE -> assertEquals(PufFrame.INFO_REQUEST, request.type());
            case PufFrame.ERROR -> assertTrue(payload.length > 1 && payload[0] >= PufFrame.ERROR_BAD_CHECKSUM
                    && payload[0] <= PufFrame.ERROR_TOO_LONG, "an error frame without code and message");
            default -> throw new AssertionError("the device answered with type " + answer.type());
        }
    }

    /** A line that has every byte ready at once and is closed (DEVICE_IO) once they are read. */
    private static final class InMemoryLine implements ByteSource {
        private final byte[] bytes;
        private int position;

        InMemoryLine(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int readSome(byte[] buffer, int offset, int length) {
            if (position == bytes.length) {
                throw new PufException(PufException.Kind.DEVICE_IO, "fuzz line closed");
            }
            int n = Math.min(length, bytes.length - position);
            System.arraycopy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public String name() {
            return "fuzz line";
        }
    }
}
