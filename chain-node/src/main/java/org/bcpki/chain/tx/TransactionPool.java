package org.bcpki.chain.tx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.tx.InvalidTransactionException.Reason;

/**
 * Pending transactions per sender, ordered by nonce. Validation against the chain happens before
 * {@link #add}; the pool de-duplicates, enforces Besu's per-sender and future-nonce limits,
 * bounds its size and hands out executable sequences. When full it makes room by evicting the
 * stalest future (not yet executable) transaction, so nonce-gap transactions never lock out
 * transactions that can run.
 */
public final class TransactionPool {
    public static final int DEFAULT_CAPACITY = TransactionPoolOptions.DEFAULT.maxSize();

    private final TransactionPoolOptions options;
    /** Senders in order of first arrival, each with its transactions by nonce. */
    private final Map<Bytes, NavigableMap<Long, Transaction>> bySender = new LinkedHashMap<>();
    private final Map<Bytes32, Transaction> byHash = new LinkedHashMap<>();
    /** Arrival order of each pooled transaction (lower is older). */
    private final Map<Bytes32, Long> arrival = new HashMap<>();
    /** Last known account nonce of each sender (updated on add and prune). */
    private final Map<Bytes, Long> accountNonces = new HashMap<>();
    private long arrivals;
    /** Told of every transaction the pool admits (from clients and peers); runs with the pool's lock held. */
    private volatile Consumer<Transaction> onAdded = tx -> { };

    public TransactionPool(int capacity) {
        this(new TransactionPoolOptions(capacity, TransactionPoolOptions.DEFAULT.limitByAccountPercentage(),
                TransactionPoolOptions.DEFAULT.maxFutureBySender()));
    }

    public TransactionPool(TransactionPoolOptions options) {
        this.options = options;
    }

    /** Sets who is told of each admitted transaction (filters, subscriptions); it must not block. */
    public void onAdded(Consumer<Transaction> listener) {
        this.onAdded = listener;
    }

    public TransactionPoolOptions options() {
        return options;
    }

    /** Adds {@code tx}, whose sender's account nonce at the head is {@code accountNonce}. */
    public synchronized void add(Transaction tx, long accountNonce) throws InvalidTransactionException {
        if (byHash.containsKey(tx.hash())) {
            throw new InvalidTransactionException(Reason.ALREADY_KNOWN, "Known transaction");
        }
        if (tx.nonce() - accountNonce >= options.maxFutureBySender()) {
            throw new InvalidTransactionException(Reason.NONCE_TOO_FAR_IN_FUTURE_FOR_SENDER, "nonce " + tx.nonce()
                    + " is " + (tx.nonce() - accountNonce) + " ahead of the sender's nonce " + accountNonce
                    + " (tx-pool-max-future-by-sender=" + options.maxFutureBySender() + ")");
        }
        accountNonces.put(tx.from(), accountNonce);
        NavigableMap<Long, Transaction> queue = bySender.get(tx.from());
        Transaction replaced = queue == null ? null : queue.get(tx.nonce());
        if (replaced == null) {
            int held = queue == null ? 0 : queue.size();
            if (held >= options.maxPerSender()) {
                throw new InvalidTransactionException(Reason.NONCE_TOO_FAR_IN_FUTURE_FOR_SENDER, "sender already has "
                        + held + " pending transactions (tx-pool-limit-by-account-percentage allows "
                        + options.maxPerSender() + ")");
            }
            if (byHash.size() >= options.maxSize() && !evictStalestFuture(tx)) {
                throw new InvalidTransactionException(Reason.POOL_FULL, "transaction pool is full ("
                        + options.maxSize() + " transactions, none of them evictable)");
            }
        } else {
            forget(replaced);
        }
        bySender.computeIfAbsent(tx.from(), k -> new TreeMap<>()).put(tx.nonce(), tx);
        byHash.put(tx.hash(), tx);
        arrival.put(tx.hash(), arrivals++);
        onAdded.accept(tx);
    }

    /**
     * Evicts the oldest future transaction (one behind a nonce gap) of any sender, taking the
     * highest nonce of that sender first. A future {@code incoming} never evicts anything.
     */
    private boolean evictStalestFuture(Transaction incoming) {
        if (isFuture(incoming)) {
            return false;
        }
        Transaction stalest = null;
        for (NavigableMap<Long, Transaction> queue : bySender.values()) {
            Transaction last = queue.lastEntry().getValue();
            if (isFuture(last) && (stalest == null || arrival.get(last.hash()) < arrival.get(stalest.hash()))) {
                stalest = last;
            }
        }
        if (stalest == null) {
            return false;
        }
        remove(stalest);
        return true;
    }

    /** Whether {@code tx} cannot run next: a nonce it needs is missing from the pool. */
    private boolean isFuture(Transaction tx) {
        long next = accountNonces.getOrDefault(tx.from(), 0L);
        NavigableMap<Long, Transaction> queue = bySender.get(tx.from());
        while (next < tx.nonce() && queue != null && queue.containsKey(next)) {
            next++;
        }
        return tx.nonce() > next;
    }

    public synchronized Optional<Transaction> get(Bytes32 hash) {
        return Optional.ofNullable(byHash.get(hash));
    }

    public synchronized int size() {
        return byHash.size();
    }

    /** Pending transactions of {@code sender}. */
    public synchronized int size(Bytes sender) {
        NavigableMap<Long, Transaction> queue = bySender.get(sender);
        return queue == null ? 0 : queue.size();
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
            accountNonces.merge(e.getKey(), nonce, Math::max);
            var stale = e.getValue().headMap(nonce, false);
            stale.values().forEach(this::forget);
            stale.clear();
            if (e.getValue().isEmpty()) {
                it.remove();
                accountNonces.remove(e.getKey());
            }
        }
    }

    private void remove(Transaction tx) {
        NavigableMap<Long, Transaction> queue = bySender.get(tx.from());
        if (queue != null && queue.get(tx.nonce()) == tx) {
            forget(tx);
            queue.remove(tx.nonce());
            if (queue.isEmpty()) {
                bySender.remove(tx.from());
                accountNonces.remove(tx.from());
            }
        }
    }

    private void forget(Transaction tx) {
        byHash.remove(tx.hash());
        arrival.remove(tx.hash());
    }
}
