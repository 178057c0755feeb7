package org.bcpki.mirror.wire;

/**
 * A JSON-RPC call that produced no usable result: the endpoint was unreachable, slow, answered too
 * much, answered malformed JSON, or returned a JSON-RPC error. Not evidence of lying by itself.
 */
public class RpcException extends Exception {
    public enum Kind { TRANSPORT, TIMEOUT, HTTP_STATUS, TOO_LARGE, MALFORMED, RPC_ERROR }

    private final Kind kind;

    public RpcException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RpcException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
