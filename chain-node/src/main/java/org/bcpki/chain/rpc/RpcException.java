package org.bcpki.chain.rpc;

/**
 * A JSON-RPC error response, shaped like Besu's ({@code code}, {@code message}, optional
 * {@code data}). Factories carry Besu's codes and messages.
 */
public final class RpcException extends Exception {
    public static final int INVALID_PARAMS_CODE = -32602;
    public static final int UNAUTHORIZED_CODE = -40100;

    private final int code;
    private final String data;
    private final String reason;

    public RpcException(int code, String message, String data) {
        this(code, message, data, null);
    }

    private RpcException(int code, String message, String data, String reason) {
        super(reason == null ? message : message + " (" + reason + ")");
        this.code = code;
        this.data = data;
        this.reason = reason;
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

    /** Why a simulated transaction was refused or halted (Besu's validation message), or null. */
    public String reason() {
        return reason;
    }

    /**
     * Besu's answer for a simulated transaction that is invalid or halts: the error type's code and
     * message with the reason in parentheses, as Besu's JsonRpcError writes a validation result.
     */
    public static RpcException invalidTransaction(int code, String message, String reason) {
        return new RpcException(code, message, null, reason);
    }

    /** Besu's debug_traceCall answer for the same: an internal error with the reason as data. */
    public RpcException asInternalError() {
        return new RpcException(-32603, "Internal error", reason);
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

    /** Besu's error for a method of an API the node does not enable (rpc-http-api). */
    public static RpcException methodNotEnabled() {
        return new RpcException(-32604, "Method not enabled");
    }

    /** Besu's error when authentication is on and the token is missing, invalid or lacks the permission. */
    public static RpcException unauthorized() {
        return new RpcException(UNAUTHORIZED_CODE, "Unauthorized");
    }

    /** geth's error for a response over the size cap (rpc.batch-response-max-size). */
    public static RpcException responseTooLarge(long maxBytes) {
        return new RpcException(-32003, "response too large", "responses are limited to " + maxBytes + " bytes per request");
    }

    /** A request (single or batch) that has already run as much EVM gas as one request may. */
    public static RpcException requestGasExhausted(long budget) {
        return new RpcException(-32005, "Request exceeds the EVM gas budget of " + budget
                + " per request (eth_call/eth_estimateGas: send fewer calls per batch)");
    }

    public static RpcException rangeTooLarge() {
        return new RpcException(-32005, "Requested range exceeds maximum RPC range limit");
    }

    public static RpcException reverted(String reason, String data) {
        return new RpcException(3, reason == null ? "Execution reverted" : "Execution reverted (" + reason + ")", data);
    }
}
