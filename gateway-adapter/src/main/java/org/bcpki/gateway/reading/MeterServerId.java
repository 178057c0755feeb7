package org.bcpki.gateway.reading;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.bcpki.core.identity.SubjectId;

/**
 * The 10-byte SML server ID of a meter after DIN 43863-5: {@code 0A}, media digit, three ASCII
 * letters of the manufacturer FLAG ID, fabrication block (binary 0..99), serial number (binary,
 * 4 bytes big-endian). {@code 1ESY1160000000} (media 1, ESY, block 11, serial 60000000) is {@code 0A 01 45 53 59 0B 03 93 87 00}.
 */
public final class MeterServerId {
    public static final int LENGTH = 10;
    private static final int TYPE_DIN_43863_5 = 0x0A;

    private MeterServerId() {}

    public static byte[] encode(String meterId) {
        if (!SubjectId.isMeterId(meterId)) {
            throw new IllegalArgumentException("'" + meterId + "' is not a DIN 43863-5 meter ID (e.g. 1ESY1160000000)");
        }
        String id = meterId.trim().toUpperCase(Locale.ROOT);
        byte[] out = new byte[LENGTH];
        out[0] = TYPE_DIN_43863_5;
        out[1] = (byte) (id.charAt(0) - '0');
        byte[] flag = id.substring(1, 4).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(flag, 0, out, 2, 3);
        out[5] = (byte) Integer.parseInt(id.substring(4, 6));
        int serial = Integer.parseInt(id.substring(6, 14));
        out[6] = (byte) (serial >>> 24);
        out[7] = (byte) (serial >>> 16);
        out[8] = (byte) (serial >>> 8);
        out[9] = (byte) serial;
        return out;
    }

    /**
     * The meter ID of a server ID in its one canonical spelling; a server ID whose manufacturer
     * letters are not upper case is refused, since another spelling of the same ID would be another
     * meter to every table keyed by it.
     */
    public static String decode(byte[] serverId) {
        String id = spelling(serverId);
        String canonical = id.toUpperCase(Locale.ROOT);
        if (!id.equals(canonical)) {
            throw new IllegalArgumentException(nonCanonical(id, canonical));
        }
        return id;
    }

    /** The meter ID as the server ID spells it, letters in whatever case they were sent. */
    static String spelling(byte[] serverId) {
        if (serverId == null || serverId.length != LENGTH || serverId[0] != TYPE_DIN_43863_5) {
            throw new IllegalArgumentException("not a 10-byte DIN 43863-5 server ID");
        }
        int media = serverId[1] & 0xFF;
        int block = serverId[5] & 0xFF;
        long serial = ((serverId[6] & 0xFFL) << 24) | ((serverId[7] & 0xFF) << 16)
                | ((serverId[8] & 0xFF) << 8) | (serverId[9] & 0xFF);
        String flag = new String(serverId, 2, 3, StandardCharsets.US_ASCII);
        String id = String.format(Locale.ROOT, "%d%s%02d%08d", media, flag, block, serial);
        if (media > 9 || block > 99 || serial > 99_999_999L || !SubjectId.isMeterId(id)) {
            throw new IllegalArgumentException("server ID does not hold a valid meter ID: " + id);
        }
        return id;
    }

    static String nonCanonical(String spelling, String canonical) {
        return "server ID " + spelling + " is not in canonical form; it must be written '" + canonical + "'";
    }
}
