package org.bcpki.gateway.sml;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * SML transport v1 framing (the sender side): start {@code 1B1B1B1B 01010101}, the payload padded
 * with 00 to a multiple of 4 and read as 4-byte blocks of which every {@code 1B1B1B1B} block is sent
 * twice, then {@code 1B1B1B1B 1A <pad count>} and the CRC-16/X-25 of everything before the CRC
 * bytes. The CRC goes on the wire low byte first, as in HDLC: a captured ISKRA meter frame, libsml,
 * jsml and sml-rs all agree on that (the project's meter-serial.md says high byte first, which
 * real meters do not do). Escaping works on the 4-byte grid, which the padding keeps aligned, as in
 * libsml; the decoder reads the same grid ({@link SmlFrameDecoder}).
 */
public final class SmlTransport {
    static final byte ESC = 0x1B;
    static final byte[] ESCAPE = {ESC, ESC, ESC, ESC};
    static final byte[] START = {ESC, ESC, ESC, ESC, 1, 1, 1, 1};
    static final byte END_MARK = 0x1A;

    private SmlTransport() {}

    /** One complete frame carrying {@code payload}. */
    public static byte[] encode(byte[] payload) {
        int padding = (4 - payload.length % 4) % 4;
        byte[] padded = Arrays.copyOf(payload, payload.length + padding);
        ByteArrayOutputStream out = new ByteArrayOutputStream(padded.length + 24);
        out.writeBytes(START);
        for (int i = 0; i < padded.length; i += 4) {
            byte[] block = Arrays.copyOfRange(padded, i, i + 4);
            if (Arrays.equals(block, ESCAPE)) {
                out.writeBytes(ESCAPE);
            }
            out.writeBytes(block);
        }
        out.writeBytes(ESCAPE);
        out.write(END_MARK);
        out.write(padding);
        byte[] beforeCrc = out.toByteArray();
        int crc = Crc16X25.of(beforeCrc);
        out.write(crc & 0xFF); // low byte first, as meters, libsml and jsml put it on the wire
        out.write(crc >>> 8);
        return out.toByteArray();
    }
}
