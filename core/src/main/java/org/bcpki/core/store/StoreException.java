package org.bcpki.core.store;

import java.nio.file.Path;

/**
 * A SQLite store could not be opened, set up, migrated, read or written. It names the file and
 * what failed. An {@link IllegalStateException}, as the stores' errors were before, so that code
 * catching those keeps handling these.
 */
public final class StoreException extends IllegalStateException {
    private final Path file;

    /** {@code what} failed because of {@code cause}: "cannot {what}". */
    public StoreException(Path file, String what, Throwable cause) {
        super(file + ": cannot " + what + ": " + cause.getMessage(), cause);
        this.file = file;
    }

    /** A refusal without an underlying error (a schema newer than this code). */
    public StoreException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
