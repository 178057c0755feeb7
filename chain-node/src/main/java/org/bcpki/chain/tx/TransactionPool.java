package org.bcpki.chain.tx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.tx.InvalidTransactionException.Reason;

/**
 * Pending transactions per sender, ordered by nonce. Validation against the chain happens before
 * {@link #add}; the pool only de-duplicates, bounds its size and hands out executable sequences.
 */
public final class TransactionPool {
    public static final int DEFAULT_CAPACITY = 20_000;

    private final int capacity;
    /** Senders in order of first arrival, each with its transactions by nonce. */
    private final Map<Bytes, NavigableMap<Long, Transaction>> bySender = new LinkedHashMap<>();
    private final Map<Bytes32, Transaction> byHash = new LinkedHashMap<>();

    public TransactionPool(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(Transaction tx) throws InvalidTransactionException {
        if (byHash.containsKey(tx.hash())) {
            throw new InvalidTransactionException(Reason.ALREADY_KNOWN, "Known transaction");
        }
        NavigableMap<Long, Transaction> queue = bySender.computeIfAbsent(tx.from(), k -> new TreeMap<>());
        Transaction replaced = queue.get(tx.nonce());
        if (replaced == null && byHash.size() >= capacity) {
            throw new InvalidTransactionException(Reason.POOL_FULL, "transaction pool is full");
        }
        if (replaced != null) {
            byHash.remove(replaced.hash());
        }
        queue.put(tx.nonce(), tx);
        byHash.put(tx.hash(), tx);
    }

    public synchronized Optional<Transaction> get(Bytes32 hash) {
        return Optional.ofNullable(byHash.get(hash));
    }

    public synchronized int size() {
        return byHash.size();
    }

    /** Transactions that can run now: per sender, consecutive nonces from the account nonce, at most {@code max}. */
    public synchronized List<Transaction> executable(ToLongFunction<Bytes> accountNonce, int max) {
        List<Transaction> out = new ArrayList<>();
        for (Map.Entry<Bytes, NavigableMap<Long, Transaction>> e : bySender.entrySet()) {
            long next = accountNonce.applyAsLong(e.getKey());
            for (Transaction tx : e.getValue().tailMap(next, true).values()) {
                if (tx.nonce() != next || out.size() >= max) {
                    break;
                }
                out.add(tx);
                next++;
            }
            if (out.size() >= max) {
                break;
            }
        }
        return out;
    }

    /** The nonce after the sender's executable pending transactions (eth_getTransactionCount "pending"). */
    public synchronized long pendingNonce(Bytes sender, long accountNonce) {
        NavigableMap<Long, Transaction> queue = bySender.get(sender);
        long next = accountNonce;
        while (queue != null && queue.containsKey(next)) {
            next++;
        }
        return next;
    }

    /** Drops what a new block made stale: every transaction below its sender's new nonce, and rejected ones. */
    public synchronized void prune(ToLongFunction<Bytes> accountNonce, List<Transaction> rejected) {
        rejected.forEach(this::remove);
        var it = bySender.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            long nonce = accountNonce.applyAsLong(e.getKey());
            var stale = e.getValue().headMap(nonce, false);
            stale.values().forEach(tx -> byHash.remove(tx.hash()));
            stale.clear();
            if (e.getValue().isEmpty()) {
                it.remove();
            }
        }
    }

    private void remove(Transaction tx) {
        byHash.remove(tx.hash());
        NavigableMap<Long, Transaction> queue = bySender.get(tx.from());
        if (queue != null && queue.get(tx.nonce()) == tx) {
            queue.remove(tx.nonce());
        }
    }
}
