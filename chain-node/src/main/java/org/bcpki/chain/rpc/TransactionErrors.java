package org.bcpki.chain.rpc;

import org.bcpki.chain.tx.InvalidTransactionException;

/** Maps transaction rejections to Besu's JSON-RPC error codes and messages. */
public final class TransactionErrors {
    private TransactionErrors() {}

    public static RpcException toRpc(InvalidTransactionException e) {
        return switch (e.reason()) {
            case INVALID_RLP -> RpcException.invalidParams("Invalid params");
            case UNSUPPORTED_TYPE -> RpcException.invalidParams("Invalid transaction type");
            case INVALID_SIGNATURE -> new RpcException(-32002, "Invalid signature");
            case WRONG_CHAIN_ID -> new RpcException(-32000, "Wrong chainId");
            case NONCE_TOO_LOW -> new RpcException(-32001, "Nonce too low");
            case NONCE_TOO_HIGH -> new RpcException(-32006, "Nonce too high");
            case NONCE_TOO_FAR_IN_FUTURE_FOR_SENDER -> new RpcException(-32000, "Transaction nonce is too distant from current sender nonce");
            case INTRINSIC_GAS_EXCEEDS_GAS_LIMIT -> new RpcException(-32003, "Intrinsic gas exceeds gas limit");
            case EXCEEDS_BLOCK_GAS_LIMIT -> new RpcException(-32005, "Transaction gas limit exceeds block gas limit");
            case UPFRONT_COST_EXCEEDS_BALANCE -> new RpcException(-32004, "Upfront cost exceeds account balance");
            case MAX_PRIORITY_FEE_EXCEEDS_MAX_FEE -> new RpcException(-32000, "Max priority fee per gas exceeds max fee per gas");
            case GAS_PRICE_BELOW_BASE_FEE -> new RpcException(-32009, "Gas price below current base fee");
            case INITCODE_TOO_LARGE -> new RpcException(-32000, "Initcode size exceeds the limit");
            case SENDER_NOT_ALLOWED -> new RpcException(-32007, "Sender account not authorized to send transactions");
            case ALREADY_KNOWN -> new RpcException(-32000, "Known transaction");
            case POOL_FULL -> new RpcException(-32000, "Transaction pool is full");
        };
    }
}
