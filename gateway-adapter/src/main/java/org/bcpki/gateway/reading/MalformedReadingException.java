package org.bcpki.gateway.reading;

/** A frame's payload is not an SML file holding one signed reading; the message says why. */
public class MalformedReadingException extends Exception {
    public MalformedReadingException(String message) {
        super(message);
    }

    public MalformedReadingException(String message, Throwable cause) {
        super(message, cause);
    }
}
