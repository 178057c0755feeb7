package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.bcpki.chain.exec.Log;
import org.bcpki.core.codec.Hex;

/**
 * eth_subscribe state for WebSocket sessions: {@code newHeads} and {@code logs} subscriptions,
 * notified by the node after each imported block, {@code newPendingTransactions} (hashes, or
 * Besu's transaction objects with {@code includeTransactions}) when a transaction enters the pool,
 * and {@code syncing} when the sync status changes.
 */
public final class Subscriptions {
    /** One live subscription: where to send, and (for logs) which logs it wants. */
    private record Subscription(String sessionId, String type, Predicate<Log> filter, boolean includeTransactions,
            Consumer<String> sink) {}

    /** A log to publish: the log itself (for filtering) and its JSON-RPC form. */
    public record PublishedLog(Log log, Map<String, Object> json) {}

    private final Map<String, Subscription> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public String subscribe(String sessionId, String type, Predicate<Log> filter, Consumer<String> sink) {
        return subscribe(sessionId, type, filter, false, sink);
    }

    /** @param includeTransactions for newPendingTransactions: send transaction objects instead of hashes */
    public String subscribe(String sessionId, String type, Predicate<Log> filter, boolean includeTransactions,
            Consumer<String> sink) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        String subscriptionId = Hex.data(id);
        byId.put(subscriptionId, new Subscription(sessionId, type, filter, includeTransactions, sink));
        return subscriptionId;
    }

    public boolean unsubscribe(String sessionId, String subscriptionId) {
        Subscription s = byId.get(subscriptionId);
        return s != null && s.sessionId().equals(sessionId) && byId.remove(subscriptionId) != null;
    }

    public void closeSession(String sessionId) {
        byId.values().removeIf(s -> s.sessionId().equals(sessionId));
    }

    public int count() {
        return byId.size();
    }

    /** Sends a new block's header (JSON-RPC block object without transactions) and its logs. */
    public void publish(Map<String, Object> header, List<PublishedLog> logs) {
        byId.forEach((id, s) -> {
            if (s.type().equals("newHeads")) {
                send(s, id, header);
            } else if (s.type().equals("logs")) {
                logs.stream().filter(l -> s.filter().test(l.log())).forEach(l -> send(s, id, l.json()));
            }
        });
    }

    /** Whether any session subscribed to {@code type}. */
    public boolean has(String type) {
        return byId.values().stream().anyMatch(s -> s.type().equals(type));
    }

    /** A transaction entered the pool: its hash, or with includeTransactions its JSON-RPC object. */
    public void publishPendingTransaction(String hash, Supplier<Map<String, Object>> transaction) {
        byId.forEach((id, s) -> {
            if (s.type().equals("newPendingTransactions")) {
                send(s, id, s.includeTransactions() ? transaction.get() : hash);
            }
        });
    }

    /** The sync status changed: Besu's sync status object, or {@code false} when in sync. */
    public void publishSyncing(Object status) {
        byId.forEach((id, s) -> {
            if (s.type().equals("syncing")) {
                send(s, id, status);
            }
        });
    }

    private void send(Subscription s, String id, Object result) {
        Map<String, Object> params = Map.of("subscription", id, "result", result);
        JsonNode message = JsonRpcDispatcher.JSON.valueToTree(
                Map.of("jsonrpc", "2.0", "method", "eth_subscription", "params", params));
        try {
            s.sink().accept(JsonRpcDispatcher.write(message));
        } catch (RuntimeException e) {
            byId.remove(id);
        }
    }
}
