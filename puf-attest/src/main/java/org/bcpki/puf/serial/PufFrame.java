package org.bcpki.puf.serial;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * One frame of the serial PUF protocol (see the module README):
 * {@code 0xA5 | type | length (uint16 BE) | payload | CRC-16/CCITT-FALSE (uint16 BE)}, the CRC
 * computed over type, length and payload.
 */
public record PufFrame(int type, byte[] payload) {
    public static final int START = 0xA5;
    public static final int MAX_PAYLOAD = 4096;
    /** Host to device: payload uint16 N, "send me N raw response bytes". */
    public static final int READ_REQUEST = 0x01;
    /** Host to device: empty payload, "describe yourself". */
    public static final int INFO_REQUEST = 0x02;
    /** Device to host: the N raw bytes of one fresh read. */
    public static final int READ_RESPONSE = 0x81;
    /** Device to host: uint16 largest N, then a UTF-8 description. */
    public static final int INFO_RESPONSE = 0x82;
    /** Device to host: one error code byte, then a UTF-8 message. */
    public static final int ERROR = 0x7F;

    public static final int ERROR_BAD_CHECKSUM = 1;
    public static final int ERROR_BAD_REQUEST = 2;
    public static final int ERROR_TOO_LONG = 3;

    public PufFrame {
        if (type < 0 || type > 0xFF) {
            throw new IllegalArgumentException("frame type is one byte, got " + type);
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("frame payload is at most " + MAX_PAYLOAD + " bytes, got " + payload.length);
        }
        payload = payload.clone();
    }

    public static PufFrame readRequest(int bytes) {
        return new PufFrame(READ_REQUEST, new byte[] {(byte) (bytes >>> 8), (byte) bytes});
    }

    public static PufFrame error(int code, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(code);
        out.writeBytes(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new PufFrame(ERROR, out.toByteArray());
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public byte[] encode() {
        byte[] out = new byte[payload.length + 6];
        out[0] = (byte) START;
        out[1] = (byte) type;
        out[2] = (byte) (payload.length >>> 8);
        out[3] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 4, payload.length);
        int crc = crc16(out, 1, payload.length + 3);
        out[out.length - 2] = (byte) (crc >>> 8);
        out[out.length - 1] = (byte) crc;
        return out;
    }

    /** CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR. */
    public static int crc16(byte[] data, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= (data[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xFFFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PufFrame other && other.type == type && Arrays.equals(other.payload, payload);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(payload);
    }
}
