package org.bcpki.pki;

/** An authenticated caller asked for something outside its authority (HTTP 403). */
public final class NotPermitted extends RuntimeException {
    public NotPermitted(String message) {
        super(message);
    }
}
