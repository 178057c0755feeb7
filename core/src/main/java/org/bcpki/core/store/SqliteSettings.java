package org.bcpki.core.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How a store's SQLite file is opened: whether it holds secrets or personal data (then it and its
 * WAL, shared-memory and journal files are owner-only, 0600) and the connection's pragmas. Every
 * value is explicit: the driver's defaults (busy timeout 3 s, synchronous FULL) are not relied on.
 */
public record SqliteSettings(boolean privateFile, JournalMode journalMode, Synchronous synchronous,
                             Duration busyTimeout, boolean foreignKeys) {

    public enum JournalMode { DELETE, WAL }

    /** PRAGMA synchronous: FULL makes an acknowledged commit survive a power cut, NORMAL only a crash in WAL mode. */
    public enum Synchronous { OFF, NORMAL, FULL, EXTRA }

    public SqliteSettings {
        Objects.requireNonNull(journalMode, "journalMode");
        Objects.requireNonNull(synchronous, "synchronous");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busy timeout out of range: " + busyTimeout);
        }
    }
}
