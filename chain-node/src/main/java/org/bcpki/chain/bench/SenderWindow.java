package org.bcpki.chain.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.tx.TransactionPoolOptions;

/**
 * How far the bench's senders may run ahead of one node's chain. That node's pool refuses a
 * transaction whose nonce is {@code tx-pool-max-future-by-sender} or more ahead of the sender's
 * sealed nonce, or when the sender already has its per-sender share pooled; a sender's transactions
 * reach every pool, so both bounds are met when nonce - sealed nonce stays below the smaller of the
 * two. The sealed nonces follow the node's blocks ({@link #onBlock}, called after the node pruned
 * its pool).
 */
final class SenderWindow {
    private final int width;
    private final Map<Bytes, Long> sealed = new ConcurrentHashMap<>();

    SenderWindow(TransactionPoolOptions pool) {
        this.width = Math.min(pool.maxFutureBySender(), pool.maxPerSender());
    }

    /** The node's chain holds {@code sender}'s transactions below {@code nonce} (a lower bound is safe). */
    void sealedBelow(Bytes sender, long nonce) {
        sealed.merge(sender, nonce, Math::max);
    }

    /** Transactions one sender may have unsealed on this node. */
    int width() {
        return width;
    }

    /** Whether the node's pool takes {@code sender}'s transaction {@code nonce} now. */
    boolean admits(Bytes sender, long nonce) {
        return nonce - sealed.getOrDefault(sender, 0L) < width;
    }

    void onBlock(Block block) {
        block.transactions().forEach(tx -> sealedBelow(tx.from(), tx.nonce() + 1));
    }
}
