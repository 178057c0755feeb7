package org.bcpki.gateway.sml;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming SML transport v1 decoder: feed it bytes as they arrive, it returns good frames and
 * rejections. It resynchronises on the next start sequence after any error, so a bad frame never
 * costs the good frame behind it; a start sequence off the 4-byte grid inside a frame means the
 * frame was cut short and the new one begins there.
 *
 * <p>A frame cut right after an escape's first {@code 1B1B1B1B} block swallows the next frame's
 * start: its {@code 1B1B1B1B} completes the escape (data) and {@code 01010101} follows as data. Such
 * hidden starts are noted while decoding; when the frame then fails at its end, each is tried as the
 * start of the frame that really ended there. Frames from a hidden start decode exactly as the failed
 * frame does from there on (same 4-byte grid), so only their CRC and padding differ, and the CRC is
 * derived from the failed frame's ({@link Crc16X25#ofSuffix}): linear time and no recursion, however
 * many starts a frame hides. A start that begins in the last bytes of a failed frame and continues
 * on the line is still found. Not thread-safe: one decoder per line.
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

    // Inside a frame: the raw bytes, the unescaped payload and the start sequences it hides.
    private final RawBuffer raw = new RawBuffer();
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
    private final byte[] block = new byte[4];
    private int blockFill;
    private boolean afterEscape;
    private boolean afterEscapedData;
    private final List<HiddenStart> hiddenStarts = new ArrayList<>();

    /** A start sequence sent as escaped data: where it is in the raw frame and where its payload begins. */
    private record HiddenStart(int rawOffset, int payloadOffset) {}

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
        garbage += bytes;
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
        afterEscapedData = false;
        hiddenStarts.clear();
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
        boolean escapedDataBefore = afterEscapedData;
        afterEscapedData = false;
        if (!afterEscape) {
            if (Arrays.equals(block, ESCAPE)) {
                afterEscape = true;
            } else {
                payload.write(block, 0, 4);
                if (escapedDataBefore && Arrays.equals(block, RESTART)) {
                    hiddenStarts.add(new HiddenStart(raw.size() - START.length, payload.size()));
                }
            }
            return;
        }
        afterEscape = false;
        if (Arrays.equals(block, ESCAPE)) {
            payload.write(block, 0, 4);
            afterEscapedData = true;
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
        int padding = block[1] & 0xFF;
        byte[] data = payload.toByteArray();
        inFrame = false;
        if (expected != received) {
            reject(events, frame, FrameRejection.BAD_CRC, String.format("CRC %04X received, %04X computed", received, expected));
        } else if (!validPadding(data, 0, padding)) {
            reject(events, frame, FrameRejection.BAD_ESCAPE, "bad padding count " + padding);
        } else {
            events.add(new FrameEvent.Frame(Arrays.copyOf(data, data.length - padding)));
            return;
        }
        // The frame that really ended here may have begun at a start sequence this one swallowed.
        Crc16X25 prefix = new Crc16X25();
        int scanned = 0;
        for (HiddenStart hidden : hiddenStarts) {
            prefix.update(frame, scanned, hidden.rawOffset() - scanned);
            scanned = hidden.rawOffset();
            int crc = Crc16X25.ofSuffix(expected, prefix.value(), frame.length - 2 - hidden.rawOffset());
            if (crc == received && validPadding(data, hidden.payloadOffset(), padding)) {
                events.add(new FrameEvent.Frame(Arrays.copyOfRange(data, hidden.payloadOffset(), data.length - padding)));
                return;
            }
        }
        startMatched = startPrefixAtEnd(frame);
    }

    /**
     * Rejects the frame. A start sequence may begin in its last bytes (a frame cut short just
     * before the next one's start), so hunting goes on from there.
     */
    private void fail(List<FrameEvent> events, FrameRejection reason, String detail) {
        byte[] frame = raw.toByteArray();
        inFrame = false;
        reject(events, frame, reason, detail);
        startMatched = startPrefixAtEnd(frame);
    }

    private static void reject(List<FrameEvent> events, byte[] frame, FrameRejection reason, String detail) {
        events.add(new FrameEvent.Rejected(reason, frame.length, detail));
    }

    /**
     * How much of a start sequence the frame ends with (0..7). A whole one cannot end a failed frame:
     * on the grid it would have begun a new frame, off the grid it would have cut this one short.
     */
    private static int startPrefixAtEnd(byte[] frame) {
        for (int length = START.length - 1; length > 0; length--) {
            if (frame.length > length
                    && Arrays.equals(frame, frame.length - length, frame.length, START, 0, length)) {
                return length;
            }
        }
        return 0;
    }

    /** Padding of {@code count} zero bytes at the end of the payload that begins at {@code from}. */
    private static boolean validPadding(byte[] data, int from, int count) {
        return count <= 3 && count <= data.length - from && zeroTail(data, count);
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
