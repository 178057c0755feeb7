package org.bcpki.gateway.sml;

/**
 * CRC-16/X-25, the HDLC frame check sequence of DIN EN 62056-46 that SML transport v1 uses:
 * reflected polynomial 0x1021 (0x8408 reversed), init 0xFFFF, final XOR 0xFFFF.
 */
public final class Crc16X25 {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private int crc = 0xFFFF;

    public void update(int b) {
        crc = (crc >>> 8) ^ TABLE[(crc ^ b) & 0xFF];
    }

    public void update(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            update(bytes[i]);
        }
    }

    public int value() {
        return crc ^ 0xFFFF;
    }

    public static int of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    public static int of(byte[] bytes, int offset, int length) {
        Crc16X25 crc = new Crc16X25();
        crc.update(bytes, offset, length);
        return crc.value();
    }
}
