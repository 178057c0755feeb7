package org.bcpki.chain.rpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.node.NodeServices.SyncStatus;
import org.bcpki.chain.store.StoredReceipt;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.core.codec.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the node's events to the filter API and the WebSocket subscriptions that are not about
 * headers and logs: transactions entering the pool, and changes of the sync status.
 */
public final class NodeEvents {
    private static final Logger LOG = LoggerFactory.getLogger(NodeEvents.class);
    private final FilterManager filters;
    private final Subscriptions subscriptions;
    private final Supplier<Optional<SyncStatus>> syncing;
    private final Executor executor;
    private Optional<SyncStatus> lastSyncing = Optional.empty();

    /** @param executor runs WebSocket sends, never on the thread that admitted a transaction */
    public NodeEvents(FilterManager filters, Subscriptions subscriptions, Supplier<Optional<SyncStatus>> syncing,
            Executor executor) {
        this.filters = filters;
        this.subscriptions = subscriptions;
        this.syncing = syncing;
        this.executor = executor;
    }

    public void onBlock(Block block, List<StoredReceipt> receipts) {
        if (filters.count() > 0) {
            filters.onBlock(block.number(), block.hash(), block.header().timestamp(), RpcJson.logsOf(block, receipts));
        }
        checkSyncing();
    }

    /**
     * Called with the pool's lock held, after the transaction was admitted: only cheap work here,
     * WebSocket sends go to the executor, and nothing thrown here may undo the admission.
     */
    public void onPendingTransaction(Transaction tx) {
        try {
            filters.onPendingTransaction(tx.hash());
            if (subscriptions.has("newPendingTransactions")) {
                executor.execute(() -> subscriptions.publishPendingTransaction(tx.hash().toHexString(),
                        () -> pendingTransactionJson(tx)));
            }
        } catch (RuntimeException e) { // e.g. the executor refusing work while the node shuts down
            LOG.debug("pending transaction {} not published: {}", tx.hash(), e.toString());
        }
    }

    /**
     * Publishes the sync status to "syncing" subscribers when it changed since the last call, as
     * Besu notifies on sync target and progress changes: its status object, or false once in sync.
     */
    public synchronized void checkSyncing() {
        Optional<SyncStatus> now = syncing.get();
        if (now.equals(lastSyncing)) {
            return;
        }
        lastSyncing = now;
        subscriptions.publishSyncing(now.<Object>map(NodeEvents::syncingJson).orElse(false));
    }

    /** Besu's SyncingResult (also eth_syncing's object). */
    public static Map<String, Object> syncingJson(SyncStatus s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("startingBlock", Hex.quantity(s.startingBlock()));
        json.put("currentBlock", Hex.quantity(s.currentBlock()));
        json.put("highestBlock", Hex.quantity(s.highestBlock()));
        return json;
    }

    /** Besu's PendingTransactionDetailResult: the fields and order of a newPendingTransactions notification. */
    public static Map<String, Object> pendingTransactionJson(Transaction tx) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", tx.from().toHexString());
        json.put("gas", Hex.quantity(tx.gasLimit()));
        json.put("gasPrice", tx.type() == Transaction.EIP1559 ? null : Hex.quantity(tx.gasPrice()));
        json.put("hash", tx.hash().toHexString());
        json.put("input", tx.data().toHexString());
        json.put("nonce", Hex.quantity(tx.nonce()));
        json.put("to", tx.to().map(a -> a.toHexString()).orElse(null));
        json.put("type", Hex.quantity(tx.type()));
        json.put("value", Hex.quantity(tx.value()));
        if (tx.type() != Transaction.LEGACY) {
            json.put("yParity", Hex.quantity(tx.v()));
        }
        json.put("v", Hex.quantity(tx.v()));
        json.put("r", Hex.quantity(tx.r()));
        json.put("s", Hex.quantity(tx.s()));
        return json;
    }
}
