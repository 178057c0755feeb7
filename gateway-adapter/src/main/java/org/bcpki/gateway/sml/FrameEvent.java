package org.bcpki.gateway.sml;

/** What the frame decoder made of the bytes it was fed: a good frame's payload, or a rejection. */
public sealed interface FrameEvent {

    /** A frame whose CRC matched; {@code payload} is unescaped and without padding. */
    record Frame(byte[] payload) implements FrameEvent {
        public Frame {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** Bytes that were dropped, how many, and why (with a detail for the log). */
    record Rejected(FrameRejection reason, long bytes, String detail) implements FrameEvent {}
}
