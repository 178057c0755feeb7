package org.bcpki.chain.exec;

import io.horizen.evm.Address;
import io.horizen.evm.BlockHashCallback;
import io.horizen.evm.Evm;
import io.horizen.evm.EvmContext;
import io.horizen.evm.ForkRules;
import io.horizen.evm.Hash;
import io.horizen.evm.Invocation;
import io.horizen.evm.StateDB;
import io.horizen.evm.Tracer;
import io.horizen.evm.results.EvmLog;
import io.horizen.evm.results.InvocationResult;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.chain.tx.InvalidTransactionException.Reason;
import org.bcpki.chain.tx.Transaction;

/**
 * Validates and executes transactions the way Besu's mainnet transaction processor does; libevm
 * only runs the message, so nonce, intrinsic gas, fees, refunds and logs are handled here.
 */
public final class TransactionProcessor {
    static final ForkRules SHANGHAI = new ForkRules(true);
    /** PREVRANDAO on a QBFT chain returns the difficulty (1), as in Besu. */
    private static final Hash RANDOM = new Hash(Bytes32.leftPad(Bytes.of(1)).toArray());

    private final long chainId;
    private final AccountPermissions permissions;

    public TransactionProcessor(long chainId, AccountPermissions permissions) {
        this.chainId = chainId;
        this.permissions = permissions;
    }

    public long chainId() {
        return chainId;
    }

    /** Checks that do not depend on state: chain id, fees, intrinsic gas, block gas limit, allowlist. */
    public void validateStateless(Transaction tx, long blockGasLimit, BigInteger baseFee) throws InvalidTransactionException {
        if (tx.chainId().isPresent() && tx.chainId().get() != chainId) {
            throw new InvalidTransactionException(Reason.WRONG_CHAIN_ID,
                    "invalid chain id " + tx.chainId().get() + ", expected " + chainId);
        }
        if (tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
            throw new InvalidTransactionException(Reason.MAX_PRIORITY_FEE_EXCEEDS_MAX_FEE,
                    "max priority fee per gas exceeds max fee per gas");
        }
        if (tx.maxFeePerGas().compareTo(baseFee) < 0) {
            throw new InvalidTransactionException(Reason.GAS_PRICE_BELOW_BASE_FEE, "gas price below current base fee");
        }
        if (tx.isContractCreation() && tx.data().size() > Gas.MAX_INITCODE_SIZE) {
            throw new InvalidTransactionException(Reason.INITCODE_TOO_LARGE,
                    "initcode size " + tx.data().size() + " exceeds " + Gas.MAX_INITCODE_SIZE);
        }
        long intrinsic = Gas.intrinsic(tx);
        if (intrinsic > tx.gasLimit()) {
            throw new InvalidTransactionException(Reason.INTRINSIC_GAS_EXCEEDS_GAS_LIMIT,
                    "intrinsic gas " + intrinsic + " exceeds gas limit " + tx.gasLimit());
        }
        if (tx.gasLimit() > blockGasLimit) {
            throw new InvalidTransactionException(Reason.EXCEEDS_BLOCK_GAS_LIMIT,
                    "gas limit " + tx.gasLimit() + " exceeds block gas limit " + blockGasLimit);
        }
        if (!permissions.permits(tx.from())) {
            throw new InvalidTransactionException(Reason.SENDER_NOT_ALLOWED,
                    "sender " + tx.from().toHexString() + " is not in the accounts allowlist");
        }
    }

    /** Nonce (too low always fails; too high fails when {@code exactNonce}) and up-front cost. */
    public void validateAgainstState(Transaction tx, StateDB state, boolean exactNonce) throws InvalidTransactionException {
        Address sender = EvmTypes.address(tx.from());
        long nonce = state.getNonce(sender).longValueExact();
        if (tx.nonce() < nonce) {
            throw new InvalidTransactionException(Reason.NONCE_TOO_LOW,
                    "transaction nonce " + tx.nonce() + " below sender account nonce " + nonce);
        }
        if (exactNonce && tx.nonce() > nonce) {
            throw new InvalidTransactionException(Reason.NONCE_TOO_HIGH,
                    "transaction nonce " + tx.nonce() + " above sender account nonce " + nonce);
        }
        BigInteger balance = state.getBalance(sender);
        if (tx.upfrontCost().compareTo(balance) > 0) {
            throw new InvalidTransactionException(Reason.UPFRONT_COST_EXCEEDS_BALANCE,
                    "transaction up-front cost " + tx.upfrontCost() + " exceeds transaction sender account balance " + balance);
        }
    }

    /**
     * Validates and executes {@code tx} as the {@code index}-th transaction of a block. On
     * InvalidTransactionException the state is unchanged and the transaction must not be included.
     */
    public TxResult execute(StateDB state, Transaction tx, int index, BlockEnv env) throws InvalidTransactionException {
        return execute(state, tx, index, env, null);
    }

    /** {@link #execute} with a libevm tracer (null for none) that sees the transaction's whole gas. */
    public TxResult execute(StateDB state, Transaction tx, int index, BlockEnv env, Tracer tracer)
            throws InvalidTransactionException {
        validateStateless(tx, env.gasLimit(), env.baseFee());
        validateAgainstState(tx, state, true);
        Address sender = EvmTypes.address(tx.from());
        BigInteger price = tx.effectiveGasPrice(env.baseFee());
        BigInteger gasLimit = BigInteger.valueOf(tx.gasLimit());
        state.setTxContext(EvmTypes.hash(tx.hash()), index);
        state.subBalance(sender, gasLimit.multiply(price));

        // libevm derives a new contract's address from (sender, current nonce - 1): like go-ethereum's
        // state transition, the nonce is consumed before the message runs, for calls and creations alike
        Address target = tx.isContractCreation()
                ? EvmTypes.address(EvmTypes.contractAddress(tx.from(), tx.nonce()))
                : EvmTypes.address(tx.to().get());
        state.setNonce(sender, BigInteger.valueOf(tx.nonce() + 1));
        warm(state, sender, target, env, tx.accessList());
        long executionGas = tx.gasLimit() - Gas.intrinsic(tx);
        if (tracer != null) {
            tracer.CaptureTxStart(gasLimit);
        }
        InvocationResult result = apply(state, new Invocation(sender, tx.isContractCreation() ? null : target,
                tx.value(), tx.data().toArrayUnsafe(), BigInteger.valueOf(executionGas), false), env, price, tracer);
        requireSameAddress(tx.isContractCreation(), result, target);
        long used = tx.gasLimit() - result.leftOverGas.longValueExact();
        long refund = Math.min(state.getRefund().longValueExact(), used / Gas.MAX_REFUND_QUOTIENT);
        used -= refund;
        if (tracer != null) {
            tracer.CaptureTxEnd(BigInteger.valueOf(tx.gasLimit() - used));
        }
        state.addBalance(sender, BigInteger.valueOf(tx.gasLimit() - used).multiply(price));
        BigInteger tip = price.subtract(env.baseFee());
        if (tip.signum() > 0) {
            state.addBalance(EvmTypes.address(env.coinbase()), tip.multiply(BigInteger.valueOf(used)));
        }
        boolean success = result.executionError == null || result.executionError.isEmpty();
        List<Log> logs = success ? logs(state.getLogs(EvmTypes.hash(tx.hash()))) : List.of();
        state.finalizeChanges();
        Optional<Bytes> created = tx.isContractCreation() && success ? Optional.of(EvmTypes.bytes(target)) : Optional.empty();
        return new TxResult(success, used, logs, bytes(result.returnData), created,
                success ? "" : result.executionError, result.reverted);
    }

    /**
     * Runs a message without a transaction (eth_call, eth_estimateGas) on a scratch state: no
     * signature, nonce or fee checks; the gas limit includes the intrinsic gas as for a real one.
     */
    public TxResult call(StateDB scratch, Bytes from, Optional<Bytes> to, BigInteger value, Bytes data, long gas, BlockEnv env) {
        return call(scratch, from, to, value, data, gas, env, List.of(), null);
    }

    /** {@link #call} with a libevm tracer (null for none). */
    public TxResult call(StateDB scratch, Bytes from, Optional<Bytes> to, BigInteger value, Bytes data, long gas, BlockEnv env,
            Tracer tracer) {
        return call(scratch, from, to, value, data, gas, env, List.of(), tracer);
    }

    /**
     * As {@link #call(StateDB, Bytes, Optional, BigInteger, Bytes, long, BlockEnv)}, with an EIP-2930
     * access list (charged as intrinsic gas and pre-warmed, as for a real transaction) and an
     * optional libevm tracer.
     */
    public TxResult call(StateDB scratch, Bytes from, Optional<Bytes> to, BigInteger value, Bytes data, long gas, BlockEnv env,
            List<Transaction.AccessListEntry> accessList, Tracer tracer) {
        Address sender = EvmTypes.address(from);
        long intrinsic = Gas.intrinsic(data.toArrayUnsafe(), to.isEmpty(), accessList);
        if (gas < intrinsic) {
            return new TxResult(false, gas, List.of(), Bytes.EMPTY, Optional.empty(),
                    "intrinsic gas too low", false);
        }
        if (scratch.getBalance(sender).compareTo(value) < 0) {
            scratch.addBalance(sender, value);
        }
        long nonce = scratch.getNonce(sender).longValueExact();
        Address target = to.map(EvmTypes::address).orElseGet(() -> EvmTypes.address(EvmTypes.contractAddress(from, nonce)));
        scratch.setNonce(sender, BigInteger.valueOf(nonce + 1));
        Hash txHash = new Hash(new byte[32]);
        scratch.setTxContext(txHash, 0);
        warm(scratch, sender, target, env, accessList);
        if (tracer != null) {
            tracer.CaptureTxStart(BigInteger.valueOf(gas));
        }
        InvocationResult result = apply(scratch, new Invocation(sender, to.isPresent() ? target : null, value,
                data.toArrayUnsafe(), BigInteger.valueOf(gas - intrinsic), false), env, BigInteger.ZERO, tracer);
        requireSameAddress(to.isEmpty(), result, target);
        long used = gas - result.leftOverGas.longValueExact();
        used -= Math.min(scratch.getRefund().longValueExact(), used / Gas.MAX_REFUND_QUOTIENT);
        if (tracer != null) {
            tracer.CaptureTxEnd(BigInteger.valueOf(gas - used));
        }
        boolean success = result.executionError == null || result.executionError.isEmpty();
        List<Log> logs = success ? logs(scratch.getLogs(txHash)) : List.of();
        return new TxResult(success, used, logs, bytes(result.returnData),
                to.isEmpty() && success ? Optional.of(EvmTypes.bytes(target)) : Optional.empty(),
                success ? "" : result.executionError, result.reverted);
    }

    /** A creation must land where Ethereum's rule (sender, nonce) puts it, or receipts would lie. */
    private static void requireSameAddress(boolean creation, InvocationResult result, Address expected) {
        if (creation && result.contractAddress != null && !result.contractAddress.equals(expected)) {
            throw new IllegalStateException("libevm created " + result.contractAddress + ", expected " + expected);
        }
    }

    private static void warm(StateDB state, Address sender, Address target, BlockEnv env, List<Transaction.AccessListEntry> accessList) {
        state.accessSetup(sender, target, EvmTypes.address(env.coinbase()), SHANGHAI);
        for (Transaction.AccessListEntry entry : accessList) {
            Address address = EvmTypes.address(entry.address());
            state.accessAccount(address);
            for (Bytes32 key : entry.storageKeys()) {
                state.accessSlot(address, EvmTypes.hash(key));
            }
        }
    }

    private InvocationResult apply(StateDB state, Invocation invocation, BlockEnv env, BigInteger price, Tracer tracer) {
        EvmContext context = new EvmContext(BigInteger.valueOf(chainId), EvmTypes.address(env.coinbase()),
                BigInteger.valueOf(env.gasLimit()), price, BigInteger.valueOf(env.number()),
                BigInteger.valueOf(env.timestamp()), env.baseFee(), RANDOM, SHANGHAI);
        try (BlockHashCallback hashes = new BlockHashCallback() {
            @Override
            protected Hash getBlockHash(BigInteger number) {
                Bytes32 hash = number.bitLength() < 63 ? env.blockHashes().apply(number.longValue()) : null;
                return hash == null ? Hash.ZERO : EvmTypes.hash(hash);
            }
        }) {
            context.setBlockHashCallback(hashes);
            context.setTracer(tracer);
            return Evm.Apply(state, invocation, context);
        }
    }

    private static List<Log> logs(EvmLog[] evmLogs) {
        List<Log> logs = new ArrayList<>();
        if (evmLogs != null) {
            for (EvmLog log : evmLogs) {
                logs.add(new Log(EvmTypes.bytes(log.address),
                        log.topics == null ? List.of() : Arrays.stream(log.topics).map(EvmTypes::bytes32).toList(),
                        bytes(log.data)));
            }
        }
        return List.copyOf(logs);
    }

    private static Bytes bytes(byte[] data) {
        return data == null ? Bytes.EMPTY : Bytes.wrap(data);
    }
}
