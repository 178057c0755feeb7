package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;

/**
 * Event clients other than web3j on one validator: an ethers-style HTTP poller of a log filter,
 * and WebSocket subscriptions to newPendingTransactions (hashes and Besu's transaction objects)
 * and syncing.
 */
class EventClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static TestNetwork net;
    static String url;
    static String token;
    static Credentials dev;
    static final AtomicInteger nonce = new AtomicInteger();

    @BeforeAll
    static void start() {
        net = TestNetwork.create(dir, 1, 0, 200, 1000).startAll();
        url = net.rpcUrl("validator-1");
        token = net.adminToken();
        dev = Credentials.create(net.spec.devAccounts().get(0).privateKey().toHexString());
        TestNetwork.await("2 blocks", Duration.ofSeconds(20), () -> net.height("validator-1") >= 2);
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    static JsonNode rpc(String method, Object... params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", List.of(params)));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    static JsonNode result(String method, Object... params) throws Exception {
        JsonNode response = rpc(method, params);
        assertFalse(response.has("error"), response::toString);
        return response.get("result");
    }

    static String send(String to, String data) throws Exception {
        return result("eth_sendRawTransaction", TestAccounts.legacy(dev, 1337L, nonce.getAndIncrement(), 0, 300_000, to, 0, data)
                .toHexString()).asText();
    }

    static JsonNode awaitReceipt(String hash) throws Exception {
        AtomicReference<JsonNode> receipt = new AtomicReference<>();
        TestNetwork.await("receipt of " + hash, DEADLINE, () -> {
            try {
                receipt.set(result("eth_getTransactionReceipt", hash));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return !receipt.get().isNull();
        });
        return receipt.get();
    }

    /**
     * What ethers v6 does for {@code contract.on(filter, listener)} on a JsonRpcProvider over HTTP
     * (providers/subscriber-filterid.ts, FilterIdEventSubscriber, and the provider's block polling):
     * eth_newFilter once, then eth_blockNumber every polling interval and, for each new block
     * number, eth_getFilterChanges. An error (such as "Filter not found" after the node dropped
     * the filter) is emitted as an "error" event and polling continues with the same filter id:
     * ethers does not install a new filter. ethers is a JavaScript library and not on Maven, so
     * this plain java.net.http client makes the same JSON-RPC calls in the same order.
     */
    static final class EthersStylePoller implements AutoCloseable {
        final List<JsonNode> logs = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final AtomicReference<String> filterId = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean running = true;

        EthersStylePoller(Map<String, Object> filter, Duration pollingInterval) {
            this.thread = new Thread(() -> {
                long lastBlock = -2; // ethers polls the filter once at start, then once per new block
                while (running) {
                    try {
                        if (filterId.get() == null) {
                            filterId.set(result("eth_newFilter", filter).asText());
                        }
                        long block = Long.decode(result("eth_blockNumber").asText());
                        if (block != lastBlock) {
                            lastBlock = block;
                            JsonNode changes = rpc("eth_getFilterChanges", filterId.get());
                            if (changes.has("error")) {
                                errors.add(changes.get("error").get("message").asText());
                            } else {
                                changes.get("result").forEach(logs::add);
                            }
                        }
                        Thread.sleep(pollingInterval.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        errors.add(e.toString());
                    }
                }
            }, "ethers-style-poller");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(10_000);
        }
    }

    @Test
    void anEthersStylePollerReceivesEventsAndSeesFilterNotFoundOnceTheFilterIsGone() throws Exception {
        String contract = awaitReceipt(send(null, TestAccounts.storageBytecode())).get("contractAddress").asText();
        try (EthersStylePoller poller = new EthersStylePoller(
                Map.of("address", contract, "topics", List.of(Hash.sha3String("Stored(address,uint256)"))), Duration.ofMillis(100))) {
            TestNetwork.await("the poller's filter", DEADLINE, () -> poller.filterId.get() != null);
            String stored42 = send(contract, TestAccounts.call("store", 42));
            String stored43 = send(contract, TestAccounts.call("store", 43));
            awaitReceipt(stored43);
            TestNetwork.await("both events", DEADLINE, () -> poller.logs.size() >= 2);
            assertEquals(List.of(stored42, stored43), poller.logs.stream().map(l -> l.get("transactionHash").asText()).toList());
            assertEquals(List.of(), poller.errors);

            // the node forgets the filter (as after expiry): ethers hears "Filter not found" and keeps its filter id
            String id = poller.filterId.get();
            assertTrue(result("eth_uninstallFilter", id).asBoolean());
            TestNetwork.await("Filter not found", DEADLINE, () -> poller.errors.contains("Filter not found"));
            assertEquals(id, poller.filterId.get());
            assertTrue(poller.errors.stream().allMatch("Filter not found"::equals), poller.errors::toString);
            assertEquals(2, poller.logs.size());
        }
    }

    /** A WebSocket JSON-RPC session: answers by request id, notifications by subscription id. */
    static final class WsSession implements WebSocket.Listener, AutoCloseable {
        final Map<Integer, BlockingQueue<JsonNode>> answers = new ConcurrentHashMap<>();
        final Map<String, BlockingQueue<JsonNode>> notifications = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private final AtomicInteger ids = new AtomicInteger();
        final WebSocket socket;

        WsSession() throws Exception {
            socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(net.spec.node("validator-1").orElseThrow().wsUrl()), this).get(30, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.has("id")) {
                        answers.computeIfAbsent(message.get("id").asInt(), k -> new LinkedBlockingQueue<>()).add(message);
                    } else {
                        String sub = message.get("params").get("subscription").asText();
                        notifications.computeIfAbsent(sub, k -> new LinkedBlockingQueue<>()).add(message.get("params").get("result"));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        JsonNode call(String method, Object... params) throws Exception {
            int id = ids.incrementAndGet();
            socket.sendText(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", List.of(params))),
                    true).get(10, TimeUnit.SECONDS);
            JsonNode answer = answers.computeIfAbsent(id, k -> new LinkedBlockingQueue<>()).poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            if (answer == null) {
                throw new AssertionError("no answer to " + method);
            }
            return answer;
        }

        String subscribe(Object... params) throws Exception {
            JsonNode answer = call("eth_subscribe", params);
            assertFalse(answer.has("error"), answer::toString);
            return answer.get("result").asText();
        }

        /** The next notification of {@code subscription} that satisfies {@code wanted}. */
        JsonNode next(String subscription, java.util.function.Predicate<JsonNode> wanted) throws InterruptedException {
            BlockingQueue<JsonNode> queue = notifications.computeIfAbsent(subscription, k -> new LinkedBlockingQueue<>());
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode n = queue.poll(1, TimeUnit.SECONDS);
                if (n != null && wanted.test(n)) {
                    return n;
                }
            }
            throw new AssertionError("no matching notification on " + subscription);
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    @Test
    void pendingTransactionSubscriptionsSendHashesOrBesusTransactionObjects() throws Exception {
        try (WsSession ws = new WsSession()) {
            String hashes = ws.subscribe("newPendingTransactions");
            String objects = ws.subscribe("newPendingTransactions", Map.of("includeTransactions", true));
            String plain = ws.subscribe("newPendingTransactions", Map.of("includeTransactions", false));
            String syncing = ws.subscribe("syncing");
            assertTrue(syncing.startsWith("0x"));

            String to = TestAccounts.BOB.getAddress();
            String hash = send(to, "0x");
            ws.next(hashes, n -> n.asText().equals(hash));
            ws.next(plain, n -> n.asText().equals(hash));
            JsonNode tx = ws.next(objects, n -> n.isObject() && n.get("hash").asText().equals(hash));
            List<String> fields = new ArrayList<>();
            tx.fieldNames().forEachRemaining(fields::add);
            assertEquals(List.of("from", "gas", "gasPrice", "hash", "input", "nonce", "to", "type", "value", "v", "r", "s"), fields,
                    "Besu's PendingTransactionDetailResult of a legacy transaction");
            assertEquals(dev.getAddress(), tx.get("from").asText());
            assertEquals(to, tx.get("to").asText());
            assertEquals("0x0", tx.get("type").asText());
            assertEquals("0x493e0", tx.get("gas").asText());
            assertTrue(ws.notifications.getOrDefault(syncing, new LinkedBlockingQueue<>()).isEmpty(), "an in-sync node says nothing");

            // bad parameters: Besu's -32602, and the session keeps working
            for (Object[] bad : List.<Object[]>of(new Object[] {"nope"}, new Object[] {"newPendingTransactions", Map.of("includeTransactions", "yes")})) {
                JsonNode answer = ws.call("eth_subscribe", bad);
                assertEquals(-32602, answer.get("error").get("code").asInt(), answer::toString);
                assertEquals("Invalid subscription params", answer.get("error").get("message").asText());
            }
            assertTrue(ws.call("eth_unsubscribe", objects).get("result").asBoolean());
            assertTrue(ws.call("eth_blockNumber").get("result").asText().startsWith("0x"));
            // the filter methods over the same WebSocket session
            String blockFilter = ws.call("eth_newBlockFilter").get("result").asText();
            // the head moves before the block's listeners run: poll until the filter has the block
            TestNetwork.await("a block in the block filter", DEADLINE, () -> {
                try {
                    return ws.call("eth_getFilterChanges", blockFilter).get("result").size() >= 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("Filter not found", ws.call("eth_getFilterChanges", "0x1234").get("error").get("message").asText());
            assertTrue(ws.call("eth_uninstallFilter", blockFilter).get("result").asBoolean());
            String second = send(to, "0x");
            ws.next(hashes, n -> n.asText().equals(second));
        }
    }
}
