package org.bcpki.chain.tx;

/**
 * A transaction that cannot be accepted. The reason is a {@link Reason} (which maps to Besu's
 * JSON-RPC error) plus a human-readable detail.
 */
public final class InvalidTransactionException extends Exception {
    /** Why a transaction was rejected; the names follow Besu's TransactionInvalidReason. */
    public enum Reason {
        INVALID_RLP,
        UNSUPPORTED_TYPE,
        INVALID_SIGNATURE,
        WRONG_CHAIN_ID,
        NONCE_TOO_LOW,
        NONCE_TOO_HIGH,
        NONCE_TOO_FAR_IN_FUTURE_FOR_SENDER,
        INTRINSIC_GAS_EXCEEDS_GAS_LIMIT,
        EXCEEDS_BLOCK_GAS_LIMIT,
        UPFRONT_COST_EXCEEDS_BALANCE,
        MAX_PRIORITY_FEE_EXCEEDS_MAX_FEE,
        GAS_PRICE_BELOW_BASE_FEE,
        INITCODE_TOO_LARGE,
        SENDER_NOT_ALLOWED,
        ALREADY_KNOWN,
        POOL_FULL
    }

    private final Reason reason;

    public InvalidTransactionException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
