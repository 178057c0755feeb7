package org.bcpki.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.node.NodeServices.SyncStatus;
import org.junit.jupiter.api.Test;

/** The syncing subscription's notifications as the sync status changes (Besu: on target and progress changes). */
class NodeEventsTest {
    @Test
    void syncingSubscribersHearEachChangeOnceAndFalseWhenInSync() throws Exception {
        AtomicReference<Optional<SyncStatus>> status = new AtomicReference<>(Optional.empty());
        Subscriptions subscriptions = new Subscriptions();
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        String id = subscriptions.subscribe("session", "syncing", log -> true, m -> {
            try {
                messages.add(JsonRpcDispatcher.JSON.readTree(m));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> heads = new CopyOnWriteArrayList<>();
        subscriptions.subscribe("session", "newHeads", log -> true, heads::add);
        NodeEvents events = new NodeEvents(new FilterManager(), subscriptions, status::get, Runnable::run);

        events.checkSyncing();
        assertEquals(0, messages.size(), "in sync from the start: nothing to say");
        status.set(Optional.of(new SyncStatus(3, 5, 40)));
        events.checkSyncing();
        events.checkSyncing();
        status.set(Optional.of(new SyncStatus(3, 9, 40)));
        events.checkSyncing();
        status.set(Optional.empty());
        events.checkSyncing();

        assertEquals(3, messages.size(), messages::toString);
        JsonNode first = messages.get(0);
        assertEquals("eth_subscription", first.get("method").asText());
        assertEquals(id, first.get("params").get("subscription").asText());
        JsonNode progress = first.get("params").get("result");
        assertEquals(List.of("startingBlock", "currentBlock", "highestBlock"), fieldNames(progress));
        assertEquals("0x3", progress.get("startingBlock").asText());
        assertEquals("0x5", progress.get("currentBlock").asText());
        assertEquals("0x28", progress.get("highestBlock").asText());
        assertEquals("0x9", messages.get(1).get("params").get("result").get("currentBlock").asText());
        assertTrue(messages.get(2).get("params").get("result").isBoolean());
        assertEquals(false, messages.get(2).get("params").get("result").booleanValue());
        assertEquals(0, heads.size(), "other subscription types are not told");
    }

    @Test
    void eachFilterKindCollectsOnlyItsOwnEvents() throws Exception {
        FilterManager filters = new FilterManager(Clock.systemUTC(), Duration.ofMinutes(1), 10, 10);
        String pending = filters.install(FilterManager.Kind.PENDING_TRANSACTION, null);
        String blocks = filters.install(FilterManager.Kind.BLOCK, null);
        filters.onPendingTransaction(Bytes32.repeat((byte) 7));
        filters.onBlock(1, Bytes32.repeat((byte) 8), 0, List.of());
        assertEquals(List.of(Bytes32.repeat((byte) 7).toHexString()), filters.drain(pending).orElseThrow());
        assertEquals(List.of(Bytes32.repeat((byte) 8).toHexString()), filters.drain(blocks).orElseThrow());
        assertEquals(List.of(), filters.drain(pending).orElseThrow(), "drained by the poll");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
