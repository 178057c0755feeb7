package org.bcpki.contracts;

/**
 * An approving authority's off-chain check refused a release bundle (the CLI's exit 1, the
 * authority service's 422): {@code error} names the reason, e.g. {@code manufacturer-not-granted}.
 */
public final class ReleaseRefused extends Exception {
    private static final long serialVersionUID = 1L;
    private final String error;

    public ReleaseRefused(String error, String message) {
        super(message);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
