package org.bcpki.gateway.sml;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming SML transport v1 decoder: feed it bytes as they arrive, it returns good frames and
 * rejections. It resynchronises on the next start sequence after any error, so a bad frame never
 * costs the good frame behind it; a start sequence off the 4-byte grid inside a frame means the
 * frame was cut short and the new one begins there. Not thread-safe: one decoder per line.
 */
public final class SmlFrameDecoder {
    /** Default largest frame accepted on the wire (escaped, with start and end sequences). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024;

    private static final byte[] START = SmlTransport.START;
    private static final byte[] ESCAPE = SmlTransport.ESCAPE;
    private static final byte[] RESTART = {1, 1, 1, 1};

    private final int maxFrameBytes;

    // Hunting for a start sequence.
    private boolean inFrame;
    private int startMatched;
    private long garbage;
    private boolean skippingOversized;

    // Inside a frame: the raw bytes (kept so that a failed frame can be searched for a start
    // sequence it swallowed) and the unescaped payload.
    private final RawBuffer raw = new RawBuffer();
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
    private final byte[] block = new byte[4];
    private int blockFill;
    private boolean afterEscape;
    private boolean rescanning;

    public SmlFrameDecoder() {
        this(DEFAULT_MAX_FRAME_BYTES);
    }

    public SmlFrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 64) {
            throw new IllegalArgumentException("a maximum frame size below 64 bytes cannot hold an SML file");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    public List<FrameEvent> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    public List<FrameEvent> feed(byte[] bytes, int offset, int length) {
        List<FrameEvent> events = new ArrayList<>(1);
        for (int i = offset; i < offset + length; i++) {
            if (inFrame) {
                frameByte(bytes[i], events);
            } else {
                huntByte(bytes[i], events);
            }
        }
        return events;
    }

    /**
     * The line went quiet: a frame in progress will not be completed (truncated), and pending
     * garbage is reported now rather than when the next frame starts.
     */
    public List<FrameEvent> idle() {
        List<FrameEvent> events = new ArrayList<>(1);
        if (inFrame) {
            events.add(new FrameEvent.Rejected(FrameRejection.TRUNCATED, raw.size(),
                    "line idle after " + raw.size() + " bytes of a frame"));
            inFrame = false;
        } else {
            garbage += startMatched;
            startMatched = 0;
            reportGarbage(events);
        }
        skippingOversized = false;
        return events;
    }

    private void huntByte(byte b, List<FrameEvent> events) {
        if (b == START[startMatched]) {
            startMatched++;
        } else if (startMatched == 4 && b == SmlTransport.ESC) {
            countGarbage(1); // five or more 1B in a row: the first ones were not part of a start
        } else {
            countGarbage(startMatched);
            startMatched = b == START[0] ? 1 : 0;
            if (startMatched == 0) {
                countGarbage(1);
            }
        }
        if (startMatched == START.length) {
            startMatched = 0;
            reportGarbage(events);
            skippingOversized = false;
            beginFrame();
        }
    }

    private void countGarbage(int bytes) {
        if (!rescanning) {
            garbage += bytes; // bytes of a rejected frame were already reported with it
        }
    }

    private void reportGarbage(List<FrameEvent> events) {
        if (garbage > 0 && !skippingOversized) {
            events.add(new FrameEvent.Rejected(FrameRejection.GARBAGE, garbage,
                    garbage + " bytes outside any frame"));
        }
        garbage = 0;
    }

    private void beginFrame() {
        inFrame = true;
        raw.reset();
        raw.writeBytes(START);
        payload.reset();
        blockFill = 0;
        afterEscape = false;
    }

    private void frameByte(byte b, List<FrameEvent> events) {
        raw.write(b);
        block[blockFill++] = b;
        if (blockFill < 4 && raw.endsWith(START, 2 * START.length)) {
            // A start off the block grid cannot be escaped data: the previous frame was cut short.
            int cut = raw.size() - START.length;
            events.add(new FrameEvent.Rejected(FrameRejection.TRUNCATED, cut,
                    "new start sequence after " + cut + " bytes of a frame"));
            beginFrame();
            return;
        }
        if (blockFill == 4) {
            blockFill = 0;
            completeBlock(events);
        }
        if (inFrame && raw.size() > maxFrameBytes) {
            events.add(new FrameEvent.Rejected(FrameRejection.OVERSIZED, raw.size(),
                    "frame exceeds " + maxFrameBytes + " bytes; skipping to the next start sequence"));
            inFrame = false;
            skippingOversized = true;
        }
    }

    private void completeBlock(List<FrameEvent> events) {
        if (!afterEscape) {
            if (Arrays.equals(block, ESCAPE)) {
                afterEscape = true;
            } else {
                payload.write(block, 0, 4);
            }
            return;
        }
        afterEscape = false;
        if (Arrays.equals(block, ESCAPE)) {
            payload.write(block, 0, 4);
        } else if (Arrays.equals(block, RESTART)) {
            int cut = raw.size() - START.length;
            events.add(new FrameEvent.Rejected(FrameRejection.TRUNCATED, cut,
                    "new start sequence after " + cut + " bytes of a frame"));
            beginFrame();
        } else if (block[0] == SmlTransport.END_MARK) {
            endFrame(events);
        } else {
            fail(events, FrameRejection.BAD_ESCAPE, String.format(
                    "undefined escape sequence 1B1B1B1B %02X%02X%02X%02X", block[0], block[1], block[2], block[3]));
        }
    }

    private void endFrame(List<FrameEvent> events) {
        byte[] frame = raw.toByteArray();
        int expected = Crc16X25.of(frame, 0, frame.length - 2);
        int received = ((block[3] & 0xFF) << 8) | (block[2] & 0xFF); // low byte first on the wire
        if (expected != received) {
            fail(events, FrameRejection.BAD_CRC, String.format("CRC %04X received, %04X computed", received, expected));
            return;
        }
        int padding = block[1] & 0xFF;
        byte[] data = payload.toByteArray();
        if (padding > 3 || padding > data.length || !zeroTail(data, padding)) {
            fail(events, FrameRejection.BAD_ESCAPE, "bad padding count " + padding);
            return;
        }
        inFrame = false;
        events.add(new FrameEvent.Frame(Arrays.copyOf(data, data.length - padding)));
    }

    /**
     * Rejects the frame, then searches its bytes (after its own start) for another start sequence:
     * a frame cut short on the block grid swallows the next frame's start, which must not be lost.
     */
    private void fail(List<FrameEvent> events, FrameRejection reason, String detail) {
        byte[] frame = raw.toByteArray();
        events.add(new FrameEvent.Rejected(reason, frame.length, detail));
        inFrame = false;
        boolean outer = !rescanning;
        rescanning = true;
        try {
            for (int i = 1; i < frame.length; i++) {
                if (inFrame) {
                    frameByte(frame[i], events);
                } else {
                    huntByte(frame[i], events);
                }
            }
        } finally {
            rescanning = !outer;
        }
    }

    private static boolean zeroTail(byte[] data, int count) {
        for (int i = data.length - count; i < data.length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A growable byte buffer that can test its tail without copying. */
    private static final class RawBuffer extends ByteArrayOutputStream {
        /** True when the buffer ends with {@code tail} and holds at least {@code minSize} bytes. */
        boolean endsWith(byte[] tail, int minSize) {
            if (count < minSize) {
                return false;
            }
            return Arrays.equals(buf, count - tail.length, count, tail, 0, tail.length);
        }
    }
}
