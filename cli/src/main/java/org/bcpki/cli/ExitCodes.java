package org.bcpki.cli;

/** The exit codes every bcpki command uses (see CONTRIBUTING.md). */
public final class ExitCodes {
    public static final int OK = 0;
    /** A negative result: invalid, rejected, revoked, not found. */
    public static final int NEGATIVE = 1;
    /** The command was used wrongly: bad option, unreadable input, missing prerequisite. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
