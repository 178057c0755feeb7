package org.bcpki.cli;

/** An off-chain check of a release refused it (a negative result, exit 1): {@code error} names the reason. */
final class ReleaseRefused extends Exception {
    private static final long serialVersionUID = 1L;
    private final String error;

    ReleaseRefused(String error, String message) {
        super(message);
        this.error = error;
    }

    String error() {
        return error;
    }
}
