package org.bcpki.gateway.reading;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An OBIS code (IEC 62056-61) A-B:C.D.E*F, six bytes on the wire. */
public record ObisCode(int a, int b, int c, int d, int e, int f) {
    /** Imported active energy, total: {@code 1-0:1.8.0*255}, {@code 77 07 01 00 01 08 00 FF} in SML. */
    public static final ObisCode ENERGY_IMPORT_TOTAL = new ObisCode(1, 0, 1, 8, 0, 255);
    /** Exported active energy, total. */
    public static final ObisCode ENERGY_EXPORT_TOTAL = new ObisCode(1, 0, 2, 8, 0, 255);
    /** Instantaneous active power, total. */
    public static final ObisCode POWER_TOTAL = new ObisCode(1, 0, 16, 7, 0, 255);

    private static final Pattern TEXT = Pattern.compile("(\\d+)-(\\d+):(\\d+)\\.(\\d+)\\.(\\d+)(?:\\*(\\d+))?");

    public ObisCode {
        for (int group : new int[] {a, b, c, d, e, f}) {
            if (group < 0 || group > 255) {
                throw new IllegalArgumentException("an OBIS group is one byte, got " + group);
            }
        }
    }

    public static ObisCode parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an OBIS code like 1-0:1.8.0*255");
        }
        return new ObisCode(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                m.group(6) == null ? 255 : Integer.parseInt(m.group(6)));
    }

    public static ObisCode ofBytes(byte[] bytes) {
        if (bytes == null || bytes.length != 6) {
            throw new IllegalArgumentException("an OBIS code has 6 bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        return new ObisCode(bytes[0] & 0xFF, bytes[1] & 0xFF, bytes[2] & 0xFF, bytes[3] & 0xFF, bytes[4] & 0xFF,
                bytes[5] & 0xFF);
    }

    public byte[] bytes() {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d, (byte) e, (byte) f};
    }

    @Override
    public String toString() {
        return a + "-" + b + ":" + c + "." + d + "." + e + "*" + f;
    }
}
