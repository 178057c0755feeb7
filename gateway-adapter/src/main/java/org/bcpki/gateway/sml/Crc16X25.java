package org.bcpki.gateway.sml;

/**
 * CRC-16/X-25, the HDLC frame check sequence of DIN EN 62056-46 that SML transport v1 uses:
 * reflected polynomial 0x1021 (0x8408 reversed), init 0xFFFF, final XOR 0xFFFF.
 */
public final class Crc16X25 {
    private static final int[] TABLE = new int[256];
    /**
     * {@code ZEROS[j][k]}: what the register bit k becomes after 2^j zero bytes. Without init and
     * final XOR the register update is linear, so these columns advance any register value.
     */
    private static final int[][] ZEROS = new int[31][16];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
            }
            TABLE[i] = crc;
        }
        for (int k = 0; k < 16; k++) {
            ZEROS[0][k] = ((1 << k) >>> 8) ^ TABLE[(1 << k) & 0xFF];
        }
        for (int j = 1; j < ZEROS.length; j++) {
            for (int k = 0; k < 16; k++) {
                ZEROS[j][k] = apply(ZEROS[j - 1], ZEROS[j - 1][k]);
            }
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

    /**
     * The CRC of S alone, from the CRC of P‖S, the CRC of P and S's length, in O(log length): with
     * register values r, r(P‖S) = Z^|S|(r(P)) ⊕ r₀(S) for the linear zero-byte step Z and the
     * register r₀(S) of S from 0; init and final XOR (both 0xFFFF) leave {@code whole ⊕ Z^|S|(prefix)}.
     */
    public static int ofSuffix(int whole, int prefix, long suffixLength) {
        if (suffixLength < 0 || suffixLength >= 1L << ZEROS.length) {
            throw new IllegalArgumentException("suffix length out of range: " + suffixLength);
        }
        int advanced = prefix;
        for (int j = 0; j < ZEROS.length; j++) {
            if ((suffixLength >>> j & 1) != 0) {
                advanced = apply(ZEROS[j], advanced);
            }
        }
        return whole ^ advanced;
    }

    private static int apply(int[] columns, int register) {
        int out = 0;
        for (int k = 0; k < 16; k++) {
            if ((register >>> k & 1) != 0) {
                out ^= columns[k];
            }
        }
        return out;
    }
}
