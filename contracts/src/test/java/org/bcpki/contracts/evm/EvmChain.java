package org.bcpki.contracts.evm;

import io.horizen.evm.Address;
import io.horizen.evm.Evm;
import io.horizen.evm.EvmContext;
import io.horizen.evm.ForkRules;
import io.horizen.evm.Hash;
import io.horizen.evm.Invocation;
import io.horizen.evm.MemoryDatabase;
import io.horizen.evm.StateDB;
import io.horizen.evm.results.EvmLog;
import io.horizen.evm.results.InvocationResult;
import io.horizen.evm.results.ProofAccountResult;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * go-ethereum's EVM (through libevm) for tests: every {@link #transact}
 * runs one message as if it were a transaction in its own block (warm sender and target, logs
 * collected, state finalised) and reports the gas a node would charge. It is real EVM execution
 * under Shanghai rules, with no node, no signatures and no fees.
 */
public final class EvmChain implements AutoCloseable {
    public static final long CHAIN_ID = 1337;
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(30_000_000);
    private static final ForkRules SHANGHAI = new ForkRules(true);

    private final MemoryDatabase database = new MemoryDatabase();
    private final StateDB state = new StateDB(database, StateDB.EMPTY_ROOT_HASH);
    private long blockNumber = 1;
    private long time = 1_800_000_000L;
    private long transactions;

    public long time() {
        return time;
    }

    public void setTime(long unixSeconds) {
        this.time = unixSeconds;
    }

    public long blockNumber() {
        return blockNumber;
    }

    /** Deploys {@code initCode} from {@code from}; the result names the new contract's address. */
    public Execution deploy(Address from, byte[] initCode) {
        return execute(from, null, initCode, false, GAS_LIMIT);
    }

    /** Runs a state-changing call as one transaction in a new block. */
    public Execution transact(Address from, Address to, byte[] input) {
        return execute(from, to, input, false, GAS_LIMIT);
    }

    /** A transaction with the sender's gas limit (a node would refuse one below the intrinsic gas). */
    public Execution transact(Address from, Address to, byte[] input, long gasLimit) {
        return execute(from, to, input, false, BigInteger.valueOf(gasLimit));
    }

    /**
     * Runs a call whose effects are discarded (eth_call). Like a node, it executes as a normal
     * message (libevm's read-only flag would make it a STATICCALL, refusing any write).
     */
    public Execution call(Address from, Address to, byte[] input) {
        return execute(from, to, input, true, GAS_LIMIT);
    }

    public byte[] storage(Address contract, byte[] slot) {
        return state.getStorage(contract, new Hash(slot)).toBytes();
    }

    public byte[] code(Address contract) {
        return state.getCode(contract);
    }

    /**
     * Commits the state and returns its root with an EIP-1186 proof of {@code slots} of
     * {@code account} (what eth_getProof answers). Call it last: it ends this chain's use.
     */
    public Proven commitAndProve(Address account, byte[]... slots) {
        Hash root = state.commit();
        Hash[] keys = new Hash[slots.length];
        for (int i = 0; i < slots.length; i++) {
            keys[i] = new Hash(slots[i]);
        }
        return new Proven(root, state.getProof(account, root, keys));
    }

    public record Proven(Hash stateRoot, ProofAccountResult proof) {}

    public StateDB state() {
        return state;
    }

    private Execution execute(Address from, Address to, byte[] input, boolean readOnly, BigInteger gasLimit) {
        // Logs are collected per transaction hash; any unique value serves.
        Hash txHash = new Hash(org.web3j.crypto.Hash.sha3(ByteBuffer.allocate(8).putLong(++transactions).array()));
        if (!readOnly) {
            // The node's part of a transaction, done before execution as go-ethereum does (libevm
            // derives a new contract's address from nonce - 1); it stays even when the call reverts.
            state.setNonce(from, state.getNonce(from).add(BigInteger.ONE));
        }
        int snapshot = state.snapshot();
        state.accessSetup(from, to, Address.ZERO, SHANGHAI);
        state.setTxContext(txHash, 0);
        EvmContext context = new EvmContext(BigInteger.valueOf(CHAIN_ID), Address.ZERO, GAS_LIMIT, BigInteger.ZERO,
                BigInteger.valueOf(blockNumber), BigInteger.valueOf(time), BigInteger.ZERO, Hash.ZERO, SHANGHAI);
        long intrinsic = intrinsicGas(input, to == null);
        BigInteger executionLimit = gasLimit.subtract(BigInteger.valueOf(intrinsic)).max(BigInteger.ZERO);
        InvocationResult result = Evm.Apply(state, new Invocation(from, to, BigInteger.ZERO, input, executionLimit, false), context);
        boolean success = result.executionError.isEmpty() && !result.reverted;
        long executionGas = executionLimit.subtract(result.leftOverGas).longValueExact();
        long refund = state.getRefund().longValueExact();
        List<EvmLog> logs = success ? List.of(state.getLogs(txHash)) : List.of();
        if (readOnly || !success) {
            state.revertToSnapshot(snapshot);
        }
        if (!readOnly) {
            state.finalizeChanges();
            blockNumber++;
        }
        long gross = intrinsic + executionGas;
        long transactionGas = success ? gross - Math.min(refund, gross / 5) : gross;
        return new Execution(success, result.returnData == null ? new byte[0] : result.returnData,
                result.executionError, executionGas, intrinsic, transactionGas, logs, result.contractAddress);
    }

    /** EIP-2028 calldata pricing, plus creation and EIP-3860 init-code word costs. */
    static long intrinsicGas(byte[] input, boolean creation) {
        long gas = 21_000;
        for (byte b : input) {
            gas += b == 0 ? 4 : 16;
        }
        if (creation) {
            gas += 32_000 + 2L * ((input.length + 31) / 32);
        }
        return gas;
    }

    @Override
    public void close() throws Exception {
        state.close();
        database.close();
    }
}
