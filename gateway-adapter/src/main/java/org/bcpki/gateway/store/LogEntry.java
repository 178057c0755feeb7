package org.bcpki.gateway.store;

import java.util.HexFormat;

/** A stored log record with its place in the hash chain. */
public record LogEntry(long seq, long timeMillis, LogRecord record, byte[] previousHash, byte[] hash) {
    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }
}
