package org.bcpki.chain.block;

import io.horizen.evm.LevelDBDatabase;
import io.horizen.evm.StateDB;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.exec.EvmTypes;

/**
 * Open state handles for read-only RPC (eth_getProof, eth_getBalance, eth_getStorageAt, ...),
 * kept per state root and lent to one thread at a time: opening a libevm StateDB costs far more
 * than a proof (it bounded eth_getProof throughput), and a handle is not safe for concurrent use.
 * The handles of the few most recent roots asked for are kept; older ones are closed.
 */
final class ReadOnlyStates implements AutoCloseable {
    private static final int ROOTS = 4;
    private static final int HANDLES_PER_ROOT = 16;

    private final LevelDBDatabase db;
    /** Idle handles by root, least recently used root first. */
    private final LinkedHashMap<Bytes32, Deque<StateDB>> idle = new LinkedHashMap<>(8, 0.75f, true);
    private boolean closed;

    ReadOnlyStates(LevelDBDatabase db) {
        this.db = db;
    }

    <T, E extends Exception> T read(Bytes32 root, Blockchain.StateReader<T, E> reader) throws E {
        StateDB state = borrow(root);
        boolean ok = false;
        try {
            T result = reader.read(state);
            ok = true;
            return result;
        } finally {
            if (ok) {
                giveBack(root, state);
            } else {
                Blockchain.closeQuietly(state); // a reader that failed may have left it in any state
            }
        }
    }

    private StateDB borrow(Bytes32 root) {
        synchronized (this) {
            Deque<StateDB> handles = idle.get(root);
            if (handles != null && !handles.isEmpty()) {
                return handles.pop();
            }
        }
        return new StateDB(db, EvmTypes.hash(root));
    }

    private void giveBack(Bytes32 root, StateDB state) {
        List<StateDB> toClose = new ArrayList<>();
        synchronized (this) {
            Deque<StateDB> handles = closed ? null : idle.computeIfAbsent(root, r -> new ArrayDeque<>());
            if (handles != null && handles.size() < HANDLES_PER_ROOT) {
                handles.push(state);
            } else {
                toClose.add(state);
            }
            while (idle.size() > ROOTS) {
                Map.Entry<Bytes32, Deque<StateDB>> eldest = idle.entrySet().iterator().next();
                toClose.addAll(eldest.getValue());
                idle.remove(eldest.getKey());
            }
        }
        toClose.forEach(Blockchain::closeQuietly);
    }

    @Override
    public void close() {
        List<StateDB> toClose = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(toClose::addAll);
            idle.clear();
        }
        toClose.forEach(Blockchain::closeQuietly);
    }
}
