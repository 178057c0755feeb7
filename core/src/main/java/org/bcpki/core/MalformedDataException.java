package org.bcpki.core;

/** Input that does not decode: malformed RLP, a field of the wrong size, an invalid encoding. */
public class MalformedDataException extends IllegalArgumentException {
    public MalformedDataException(String message) {
        super(message);
    }

    public MalformedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
