package org.bcpki.core.json;

/** A JSON document that is malformed, too large, or not of the expected shape. */
public final class JsonException extends IllegalArgumentException {
    public JsonException(String message) {
        super(message);
    }
}
