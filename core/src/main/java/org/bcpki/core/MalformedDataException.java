package org.bcpki.core;

/** Thrown when encoded data (RLP, a field, a signature) does not have the expected shape. */
public class MalformedDataException extends IllegalArgumentException {
    public MalformedDataException(String message) {
        super(message);
    }

    public MalformedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
