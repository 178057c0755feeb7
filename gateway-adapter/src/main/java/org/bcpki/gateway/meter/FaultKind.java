package org.bcpki.gateway.meter;

import java.util.Locale;

/** Faulty traffic the meter simulator sends on request ({@code --fault}); each must be rejected. */
public enum FaultKind {
    // Declared in the order the simulator sends them within one interval: a cut-off frame goes last
    // so that what follows it (the next interval's reading) ends it, as on a real line.

    /** Random bytes outside any frame. */
    GARBAGE,
    /** A good frame with one CRC bit flipped. */
    BAD_CRC,
    /** A well-formed frame larger than a gateway accepts (20 KiB of payload). */
    OVERSIZED,
    /** The previous good frame sent again, byte for byte. */
    REPLAY,
    /** A reading correctly signed, but by a key that is not the meter's granted key. */
    WRONG_KEY,
    /** The first part of a frame, cut off the 4-byte grid, then nothing of it. */
    TRUNCATED;

    public static FaultKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown fault '" + text
                    + "'; expected bad-crc, truncated, garbage, oversized, replay or wrong-key", e);
        }
    }

    public String option() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
