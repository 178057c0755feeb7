package org.bcpki.gateway.sml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bytes from a serial line: the decoder never throws, every frame it yields is made of bytes that
 * were on the line (re-encoding the payload gives them back, CRC included), the events do not depend
 * on how the bytes were split into reads, and a good frame behind any bytes is still found.
 */
class SmlFrameDecoderFuzzTest {
    /** A frame sent after the fuzzed bytes: an escaped 1B1B1B1B block and padding included. */
    private static final byte[] PROBE_PAYLOAD = "probe frame:\u001b\u001b\u001b\u001b!".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] PROBE = SmlTransport.encode(PROBE_PAYLOAD);
    private static final int SMALL_MAX = 64;

    // 40 minutes: each input is decoded under several read splits plus a probe frame, about 700 exec/s here
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "40m")
    void framesComeFromTheLineAndAGoodFrameIsAlwaysFound(byte[] line) {
        // A small maximum, so that oversized frames are common.
        assertEventsAreSane(new SmlFrameDecoder(SMALL_MAX).feed(line), line, SMALL_MAX);

        // After a quiet line the next frame is decoded alone, whatever came before.
        SmlFrameDecoder quiet = new SmlFrameDecoder();
        quiet.feed(line);
        quiet.idle();
        List<FrameEvent> afterIdle = quiet.feed(PROBE);
        assertEquals(1, afterIdle.size(), () -> describe(afterIdle).toString());
        assertArrayEquals(PROBE_PAYLOAD, assertInstanceOf(FrameEvent.Frame.class, afterIdle.get(0)).payload());

        // Without the pause the probe is still found, unless the fuzzed bytes began a frame whose
        // valid end (CRC included) lies inside the probe: then the line really held that frame.
        byte[] stream = concat(line, PROBE);
        SmlFrameDecoder busy = new SmlFrameDecoder();
        List<FrameEvent> events = new ArrayList<>(busy.feed(stream));
        events.addAll(busy.idle());
        assertEventsAreSane(events, stream, SmlFrameDecoder.DEFAULT_MAX_FRAME_BYTES);
        SmlFrameDecoder chunked = new SmlFrameDecoder();
        List<FrameEvent> chunkedEvents = feedInChunks(chunked, stream);
        chunkedEvents.addAll(chunked.idle());
        assertEquals(describe(events), describe(chunkedEvents), "events depend on how the line was split into reads");
        boolean probeFound = events.stream().anyMatch(e -> e instanceof FrameEvent.Frame f
                && Arrays.equals(f.payload(), PROBE_PAYLOAD));
        assertTrue(probeFound || stream.length > SmlFrameDecoder.DEFAULT_MAX_FRAME_BYTES
                || events.stream().anyMatch(e -> e instanceof FrameEvent.Frame f
                        && endsInside(stream, SmlTransport.encode(f.payload()), line.length)),
                () -> "probe frame lost: " + describe(events));
    }

    private static void assertEventsAreSane(List<FrameEvent> events, byte[] line, int max) {
        int from = 0;
        for (FrameEvent event : events) {
            assertNotNull(event);
            switch (event) {
                case FrameEvent.Frame frame -> {
                    // The frame's wire form (escapes, padding, CRC) occurs on the line after the previous one.
                    byte[] wire = SmlTransport.encode(frame.payload());
                    int at = indexOf(line, wire, from);
                    if (at < 0) {
                        fail("accepted frame is not on the line: " + java.util.HexFormat.of().formatHex(wire));
                    }
                    assertTrue(wire.length <= max, "a frame above the maximum was accepted");
                    from = at + wire.length;
                }
                case FrameEvent.Rejected rejected -> {
                    assertNotNull(rejected.reason());
                    assertTrue(rejected.bytes() > 0, () -> "a rejection of no bytes: " + rejected);
                    assertFalse(rejected.detail().isBlank());
                }
            }
        }
    }

    private static List<FrameEvent> feedInChunks(SmlFrameDecoder decoder, byte[] line) {
        List<FrameEvent> events = new ArrayList<>();
        int offset = 0;
        for (int i = 0; offset < line.length; i++) {
            int n = Math.min(line.length - offset, 1 + (line[i % line.length] & 0x0F));
            events.addAll(decoder.feed(line, offset, n));
            offset += n;
        }
        return events;
    }

    /** Events in comparable form: a payload's bytes, or a rejection's reason and byte count. */
    private static List<String> describe(List<FrameEvent> events) {
        return events.stream().map(e -> switch (e) {
            case FrameEvent.Frame f -> "frame " + java.util.HexFormat.of().formatHex(f.payload());
            case FrameEvent.Rejected r -> r.reason() + " " + r.bytes();
        }).toList();
    }

    /** True when {@code wire} occurs in {@code stream} beginning before {@code boundary} and ending after it. */
    private static boolean endsInside(byte[] stream, byte[] wire, int boundary) {
        int from = Math.max(0, boundary - wire.length + 1);
        int at = indexOf(stream, wire, from);
        return at >= 0 && at < boundary;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
