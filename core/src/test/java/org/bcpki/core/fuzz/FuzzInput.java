package org.bcpki.core.fuzz;

import java.util.Arrays;
import org.apache.tuweni.bytes.Bytes;

/** Reads a fuzz input as a stream of small decisions; past the end every read is zero. */
final class FuzzInput {
    private final byte[] data;
    private int at;

    FuzzInput(byte[] data) {
        this.data = data;
    }

    boolean hasMore() {
        return at < data.length;
    }

    int next() {
        return at < data.length ? data[at++] & 0xff : 0;
    }

    int next16() {
        return next() << 8 | next();
    }

    /** Up to {@code n} bytes (fewer at the end of the input). */
    Bytes bytes(int n) {
        int end = Math.min(data.length, at + n);
        Bytes out = Bytes.wrap(Arrays.copyOfRange(data, at, end));
        at = end;
        return out;
    }
}
