package org.bcpki.gateway.sml;

/** Why bytes on the line did not make a frame. Names are stable: they appear in logs and status. */
public enum FrameRejection {
    /** Bytes outside any frame (line noise, a foreign protocol). */
    GARBAGE,
    /** A frame that stopped early: a new start sequence or a long silence came before its end. */
    TRUNCATED,
    /** A frame longer than the configured maximum; the rest of it is skipped. */
    OVERSIZED,
    /** The CRC-16/X-25 in the end sequence does not match the frame. */
    BAD_CRC,
    /** An escape sequence followed by something SML transport v1 does not define, or bad padding. */
    BAD_ESCAPE
}
