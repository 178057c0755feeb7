package org.bcpki.gateway.identity;

/** The requested trust mode needs a verifier this build does not have. */
public final class VerifierUnavailableException extends IllegalStateException {
    public VerifierUnavailableException(String message) {
        super(message);
    }
}
