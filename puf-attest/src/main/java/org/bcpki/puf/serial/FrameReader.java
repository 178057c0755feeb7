package org.bcpki.puf.serial;

import java.util.Arrays;
import org.bcpki.puf.PufException;

/** Reads frames from a {@link SerialLink} (any {@link ByteSource}), skipping noise before the start byte. */
final class FrameReader {
    /** Bytes that may precede a start byte before the stream counts as garbage. */
    private static final int MAX_SKIP = 64;

    private final ByteSource link;

    FrameReader(ByteSource link) {
        this.link = link;
    }

    /**
     * The next frame, or null when no start byte arrived within {@code idleMs}. Once a frame has
     * started it must complete within {@code frameMs}.
     *
     * @throws PufException DEVICE_TIMEOUT for a frame cut short, DEVICE_PROTOCOL for garbage, a bad
     *     length or a bad checksum, DEVICE_IO when the port fails
     */
    PufFrame next(long idleMs, long frameMs) {
        byte[] one = new byte[1];
        long idleDeadline = System.nanoTime() + idleMs * 1_000_000;
        int skipped = 0;
        while (true) {
            if (link.readSome(one, 0, 1) == 1) {
                if ((one[0] & 0xFF) == PufFrame.START) {
                    break;
                }
                if (++skipped > MAX_SKIP) {
                    throw new PufException(PufException.Kind.DEVICE_PROTOCOL,
                            "no frame start (0xA5) within " + MAX_SKIP + " bytes from " + link.name());
                }
            } else if (System.nanoTime() > idleDeadline) {
                return null;
            }
        }
        long deadline = System.nanoTime() + frameMs * 1_000_000;
        byte[] header = readExactly(3, deadline);
        int length = (header[1] & 0xFF) << 8 | (header[2] & 0xFF);
        if (length > PufFrame.MAX_PAYLOAD) {
            throw new PufException(PufException.Kind.DEVICE_PROTOCOL,
                    "frame length " + length + " exceeds " + PufFrame.MAX_PAYLOAD);
        }
        byte[] rest = readExactly(length + 2, deadline);
        byte[] covered = new byte[3 + length];
        System.arraycopy(header, 0, covered, 0, 3);
        System.arraycopy(rest, 0, covered, 3, length);
        int expected = PufFrame.crc16(covered, 0, covered.length);
        int received = (rest[length] & 0xFF) << 8 | (rest[length + 1] & 0xFF);
        if (expected != received) {
            throw new PufException(PufException.Kind.DEVICE_PROTOCOL, String.format(
                    "bad checksum on a frame from %s: received 0x%04x, computed 0x%04x", link.name(), received, expected));
        }
        return new PufFrame(header[0] & 0xFF, Arrays.copyOf(rest, length));
    }

    private byte[] readExactly(int count, long deadline) {
        byte[] out = new byte[count];
        int have = 0;
        while (have < count) {
            have += link.readSome(out, have, count - have);
            if (have < count && System.nanoTime() > deadline) {
                throw new PufException(PufException.Kind.DEVICE_TIMEOUT,
                        "frame from " + link.name() + " cut short: " + have + " of " + count + " bytes");
            }
        }
        return out;
    }
}
