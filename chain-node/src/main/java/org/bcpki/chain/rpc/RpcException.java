package org.bcpki.chain.rpc;

/**
 * A JSON-RPC error response, shaped like Besu's ({@code code}, {@code message}, optional
 * {@code data}). Factories carry Besu's codes and messages.
 */
public final class RpcException extends Exception {
    public static final int INVALID_PARAMS_CODE = -32602;

    private final int code;
    private final String data;

    public RpcException(int code, String message, String data) {
        super(message);
        this.code = code;
        this.data = data;
    }

    public RpcException(int code, String message) {
        this(code, message, null);
    }

    public int code() {
        return code;
    }

    /** Optional {@code data} member (hex revert data for reverts); null when absent. */
    public String data() {
        return data;
    }

    public static RpcException parseError() {
        return new RpcException(-32700, "Parse error");
    }

    public static RpcException invalidRequest() {
        return new RpcException(-32600, "Invalid Request");
    }

    public static RpcException methodNotFound() {
        return new RpcException(-32601, "Method not found");
    }

    public static RpcException invalidParams(String message) {
        return new RpcException(INVALID_PARAMS_CODE, message);
    }

    public static RpcException internal() {
        return new RpcException(-32603, "Internal error");
    }

    public static RpcException unknownBlock() {
        return new RpcException(-39001, "Unknown block");
    }

    public static RpcException batchTooLarge() {
        return new RpcException(-32005, "Number of requests exceeds max batch size");
    }

    public static RpcException rangeTooLarge() {
        return new RpcException(-32005, "Requested range exceeds maximum RPC range limit");
    }

    public static RpcException reverted(String reason, String data) {
        return new RpcException(3, reason == null ? "Execution reverted" : "Execution reverted: " + reason, data);
    }
}
