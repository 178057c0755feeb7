package org.bcpki.cli;

/** A mistake by the user (bad input, missing file); printed without a stack trace, exit code 2. */
public final class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message);
    }

    public UsageError(String message, Throwable cause) {
        super(message, cause);
    }
}
