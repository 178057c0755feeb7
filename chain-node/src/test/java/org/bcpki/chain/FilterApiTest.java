package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.rpc.FilterApi;
import org.bcpki.chain.rpc.FilterManager;
import org.bcpki.chain.rpc.JsonRpcDispatcher;
import org.bcpki.chain.rpc.RpcJson;
import org.bcpki.chain.rpc.RpcOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;

/**
 * The filter API (eth_newFilter, eth_newBlockFilter, eth_newPendingTransactionFilter,
 * eth_getFilterChanges, eth_getFilterLogs, eth_uninstallFilter) over HTTP on one validator, with
 * good and bad parameters and Besu's errors; the cap, the per-filter buffer bound and expiry
 * through a dispatcher on the same chain with an injected clock.
 */
class FilterApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    static final String STORED_TOPIC = Hash.sha3String("Stored(address,uint256)");

    @TempDir
    static Path dir;
    static TestNetwork net;
    static String url;
    static String token;
    static Credentials dev;
    static long nonce;

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

    static JsonNode rpc(String method, String paramsJson) throws Exception {
        return RpcCalls.call(url, token, method, paramsJson);
    }

    static JsonNode result(String method, String paramsJson) throws Exception {
        return RpcCalls.resultOf(rpc(method, paramsJson), method + " " + paramsJson);
    }

    static void assertError(int code, String message, JsonNode response) {
        RpcCalls.assertError(code, message, response);
    }

    /** Sends a signed transaction from the dev account and returns its hash. */
    static synchronized String send(String to, String data) throws Exception {
        return result("eth_sendRawTransaction", "[\"" + TestAccounts.legacy(dev, 1337L, nonce++, 0, 300_000, to, 0, data)
                .toHexString() + "\"]").asText();
    }

    static JsonNode awaitReceipt(String hash) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode receipt = result("eth_getTransactionReceipt", "[\"" + hash + "\"]");
            if (!receipt.isNull()) {
                return receipt;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no receipt for " + hash);
    }

    /** Polls eth_getFilterChanges until the collected changes satisfy {@code done}; returns them all. */
    static List<JsonNode> pollUntil(String id, java.util.function.Predicate<List<JsonNode>> done) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!done.test(all)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("filter " + id + " collected only " + all);
            }
            result("eth_getFilterChanges", "[\"" + id + "\"]").forEach(all::add);
            Thread.sleep(50);
        }
        return all;
    }

    static String deployStorage() throws Exception {
        return awaitReceipt(send(null, TestAccounts.storageBytecode())).get("contractAddress").asText();
    }

    static String topicOf(String address) {
        return "0x" + "0".repeat(24) + address.substring(2).toLowerCase();
    }

    @Test
    void blockFiltersReturnEachNewBlockHashOnce() throws Exception {
        long before = net.height("validator-1");
        String id = result("eth_newBlockFilter", "[]").asText();
        assertTrue(id.matches("0x[0-9a-f]{1,32}") && !id.startsWith("0x0"), "a 128-bit quantity as Besu: " + id);
        List<JsonNode> hashes = pollUntil(id, l -> l.size() >= 3);
        Set<String> distinct = new HashSet<>();
        for (JsonNode h : hashes) {
            assertTrue(distinct.add(h.asText()), "reported twice: " + h);
            JsonNode block = result("eth_getBlockByHash", "[\"" + h.asText() + "\", false]");
            assertTrue(Long.decode(block.get("number").asText()) > before, "only blocks imported after the filter");
        }
        assertTrue(result("eth_uninstallFilter", "[\"" + id + "\"]").asBoolean());
        assertFalse(result("eth_uninstallFilter", "[\"" + id + "\"]").asBoolean(), "a second uninstall: false, as Besu");
        assertError(-32000, "Filter not found", rpc("eth_getFilterChanges", "[\"" + id + "\"]"));
    }

    @Test
    void pendingTransactionFiltersSeeTransactionsEnteringThePool() throws Exception {
        String id = result("eth_newPendingTransactionFilter", "[]").asText();
        String hash = send(TestAccounts.address(TestAccounts.BOB).toHexString(), "0x");
        List<JsonNode> seen = pollUntil(id, l -> l.stream().anyMatch(h -> h.asText().equals(hash)));
        assertTrue(seen.stream().allMatch(h -> h.asText().matches("0x[0-9a-f]{64}")), seen::toString);
        assertError(-32000, "Logs filter not found", rpc("eth_getFilterLogs", "[\"" + id + "\"]"));
    }

    @Test
    void logFiltersMatchAddressesAndTopicListsAndReturnOnlyNewLogs() throws Exception {
        String contract = deployStorage();
        String sender = topicOf(dev.getAddress());
        String other = topicOf(TestAccounts.BOB.getAddress());
        String byAddress = result("eth_newFilter", "[{\"address\":[\"" + contract + "\"]}]").asText();
        String orList = result("eth_newFilter", "[{\"topics\":[\"" + STORED_TOPIC + "\",[\"" + other + "\",\"" + sender + "\"]]}]").asText();
        String wildcard = result("eth_newFilter", "[{\"address\":\"" + contract + "\",\"topics\":[null,\"" + sender + "\"]}]").asText();
        String noMatch = result("eth_newFilter", "[{\"address\":\"" + contract + "\",\"topics\":[\"" + STORED_TOPIC + "\",\"" + other + "\"]}]").asText();

        JsonNode receipt = awaitReceipt(send(contract, TestAccounts.call("store", 42)));
        String block = receipt.get("blockHash").asText();
        for (String id : List.of(byAddress, orList, wildcard)) {
            List<JsonNode> logs = pollUntil(id, l -> !l.isEmpty());
            assertEquals(1, logs.size(), logs::toString);
            assertEquals(contract, logs.get(0).get("address").asText());
            assertEquals(block, logs.get(0).get("blockHash").asText());
            assertEquals(42, Long.decode(logs.get(0).get("data").asText().replaceFirst("0x0*", "0x")));
            assertEquals(0, result("eth_getFilterChanges", "[\"" + id + "\"]").size(), "nothing new since the last poll");
        }
        assertEquals(0, result("eth_getFilterChanges", "[\"" + noMatch + "\"]").size());

        // eth_getFilterLogs: the whole range again, every time; a fromBlock/toBlock range and a blockHash
        String range = result("eth_newFilter", "[{\"fromBlock\":\"earliest\",\"toBlock\":\"latest\",\"address\":\"" + contract + "\"}]").asText();
        assertEquals(1, result("eth_getFilterLogs", "[\"" + range + "\"]").size());
        assertEquals(1, result("eth_getFilterLogs", "[\"" + range + "\"]").size());
        String number = receipt.get("blockNumber").asText();
        String exact = result("eth_newFilter", "[{\"fromBlock\":\"" + number + "\",\"toBlock\":\"" + number + "\"}]").asText();
        assertEquals(1, result("eth_getFilterLogs", "[\"" + exact + "\"]").size());
        String byHash = result("eth_newFilter", "[{\"blockHash\":\"" + block + "\"}]").asText();
        assertEquals(1, result("eth_getFilterLogs", "[\"" + byHash + "\"]").size());
        assertEquals(0, result("eth_getFilterLogs", "[\"" + noMatch + "\"]").size());
        // a filter whose range ended before the next block collects nothing new
        awaitReceipt(send(contract, TestAccounts.call("store", 43)));
        for (JsonNode log : result("eth_getFilterChanges", "[\"" + exact + "\"]")) { // at most block N's, if it was installed mid-import
            assertEquals(number, log.get("blockNumber").asText());
        }
        assertEquals(1, result("eth_getFilterLogs", "[\"" + exact + "\"]").size());
        assertEquals(2, result("eth_getFilterLogs", "[\"" + range + "\"]").size());
        // eth_getFilterLogs answers exactly what eth_getLogs answers for the same filter (one matching routine)
        assertEquals(result("eth_getLogs", "[{\"fromBlock\":\"earliest\",\"toBlock\":\"latest\",\"address\":\"" + contract + "\"}]"),
                result("eth_getFilterLogs", "[\"" + range + "\"]"));
        assertEquals(result("eth_getLogs", "[{\"blockHash\":\"" + block + "\"}]"), result("eth_getFilterLogs", "[\"" + byHash + "\"]"));
    }

    @Test
    void badParametersGetBesusErrorsAndTheNodeStaysUp() throws Exception {
        assertError(-32000, "Filter not found", rpc("eth_getFilterChanges", "[\"0x1234\"]"));
        assertError(-32000, "Logs filter not found", rpc("eth_getFilterLogs", "[\"0x1234\"]"));
        String blockFilter = result("eth_newBlockFilter", "[]").asText();
        assertError(-32000, "Logs filter not found", rpc("eth_getFilterLogs", "[\"" + blockFilter + "\"]"));
        assertFalse(result("eth_uninstallFilter", "[\"0x1234\"]").asBoolean());
        for (String params : List.of("[]", "[{\"topics\":[\"0x12\"]}]", "[{\"topics\":[[\"0xzz\"]]}]", "[{\"topics\":{\"a\":1}}]",
                "[{\"address\":\"0x1234\"}]", "[{\"fromBlock\":\"tomorrow\"}]", "[\"latest\"]",
                "[{\"blockHash\":\"" + "0x" + "ab".repeat(32) + "\",\"fromBlock\":\"0x1\"}]")) {
            assertError(-32602, "Invalid filter params", rpc("eth_newFilter", params));
        }
        for (String method : List.of("eth_getFilterChanges", "eth_getFilterLogs", "eth_uninstallFilter")) {
            assertError(-32602, "Invalid filter params", rpc(method, "[]"));
            assertError(-32602, "Invalid filter params", rpc(method, "[{}]"));
        }
        assertTrue(Long.decode(result("eth_blockNumber", "[]").asText()) >= 2, "the node still answers");
        assertTrue(result("eth_getFilterChanges", "[\"" + blockFilter + "\"]").isArray(), "and its filters still work");
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_000_000);

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    /** The node's chain behind a dispatcher of its own, with a hand-moved clock and small limits. */
    record Harness(JsonRpcDispatcher dispatcher, FilterManager filters, ManualClock clock) {
        static Harness create(int maxFilters, int maxBuffered, long maxLogsRange) {
            ManualClock clock = new ManualClock();
            FilterManager filters = new FilterManager(clock, FilterManager.DEFAULT_TIMEOUT, maxFilters, maxBuffered);
            Blockchain chain = net.node("validator-1").chain();
            chain.onBlock((block, receipts) -> filters.onBlock(block.number(), block.hash(), block.header().timestamp(), RpcJson.logsOf(block, receipts)));
            RpcOptions options = RpcOptions.fromConfig(Map.of("rpc-max-logs-range", maxLogsRange), dir);
            JsonRpcDispatcher dispatcher = new JsonRpcDispatcher(options);
            new FilterApi(filters, chain, options).registerAll(dispatcher);
            return new Harness(dispatcher, filters, clock);
        }

        JsonNode call(String method, String params) throws Exception {
            return JSON.readTree(dispatcher.handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":"
                    + params + "}", Optional.empty()).body());
        }
    }

    @Test
    void theCapRefusesFiltersBeyondItUntilOneIsUninstalled() throws Exception {
        Harness h = Harness.create(3, 1000, 5000);
        List<String> ids = new ArrayList<>();
        for (String method : List.of("eth_newBlockFilter", "eth_newPendingTransactionFilter", "eth_newFilter")) {
            ids.add(h.call(method, method.equals("eth_newFilter") ? "[{}]" : "[]").get("result").asText());
        }
        for (String method : List.of("eth_newBlockFilter", "eth_newPendingTransactionFilter", "eth_newFilter")) {
            assertError(-32005, "Maximum number of active filters exceeded", h.call(method, method.equals("eth_newFilter") ? "[{}]" : "[]"));
        }
        assertEquals(3, h.filters().count());
        assertTrue(h.call("eth_getFilterChanges", "[\"" + ids.get(0) + "\"]").get("result").isArray(), "live filters still serve");
        assertTrue(h.call("eth_uninstallFilter", "[\"" + ids.get(0) + "\"]").get("result").asBoolean());
        assertTrue(h.call("eth_newBlockFilter", "[]").get("result").isTextual(), "room again after an uninstall");
    }

    @Test
    void filtersUnusedForTheTimeoutAreSweptAndPollingKeepsThemAlive() throws Exception {
        Harness h = Harness.create(10, 1000, 5000);
        String idle = h.call("eth_newBlockFilter", "[]").get("result").asText();
        String polled = h.call("eth_newPendingTransactionFilter", "[]").get("result").asText();
        String logs = h.call("eth_newFilter", "[{}]").get("result").asText();
        h.clock().millis.addAndGet(FilterManager.DEFAULT_TIMEOUT.toMillis() - 1_000);
        h.call("eth_getFilterChanges", "[\"" + polled + "\"]");
        h.call("eth_getFilterLogs", "[\"" + logs + "\"]");
        h.filters().sweep();
        assertEquals(3, h.filters().count(), "nothing has been idle for the whole timeout yet");
        h.clock().millis.addAndGet(2_000);
        h.filters().sweep();
        assertError(-32000, "Filter not found", h.call("eth_getFilterChanges", "[\"" + idle + "\"]"));
        assertFalse(h.call("eth_uninstallFilter", "[\"" + idle + "\"]").get("result").asBoolean());
        assertTrue(h.call("eth_getFilterChanges", "[\"" + polled + "\"]").get("result").isArray(), "polled 1 s ago: kept");
        assertTrue(h.call("eth_getFilterLogs", "[\"" + logs + "\"]").get("result").isArray(), "eth_getFilterLogs counts as use");
        h.clock().millis.addAndGet(FilterManager.DEFAULT_TIMEOUT.toMillis() + 1);
        h.filters().sweep();
        assertEquals(0, h.filters().count());
    }

    @Test
    void aFilterNobodyPollsIsDroppedOnceItsBufferIsFull() throws Exception {
        Harness h = Harness.create(10, 3, 5000);
        String id = h.call("eth_newBlockFilter", "[]").get("result").asText();
        assertTrue(h.call("eth_getFilterChanges", "[\"" + id + "\"]").get("result").isArray(), "alive while it holds at most 3");
        // the only way out of this harness's manager (it is never swept) is a fourth unpolled block
        TestNetwork.await("the unpolled filter dropped", DEADLINE, () -> h.filters().count() == 0);
        assertError(-32000, "Filter not found", h.call("eth_getFilterChanges", "[\"" + id + "\"]"));
        assertTrue(h.call("eth_newBlockFilter", "[]").get("result").isTextual(), "a client can install a new one");
    }

    @Test
    void theNodeTakesItsCapFromConfigToml(@TempDir Path other) throws Exception {
        try (TestNetwork small = TestNetwork.create(other, 1, 0, 200, 1000)) {
            small.setOption("validator-1", "rpc-max-active-filters", "2");
            small.startAll();
            String smallUrl = small.rpcUrl("validator-1");
            String smallToken = small.adminToken();
            java.util.function.Function<String, JsonNode> call = method -> {
                try {
                    return RpcCalls.call(smallUrl, smallToken, method, "[]");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            assertTrue(call.apply("eth_newBlockFilter").get("result").isTextual());
            assertTrue(call.apply("eth_newPendingTransactionFilter").get("result").isTextual());
            assertError(-32005, "Maximum number of active filters exceeded", call.apply("eth_newBlockFilter"));
        }
    }

    @Test
    void getFilterLogsHonoursTheLogsRangeLimit() throws Exception {
        Harness h = Harness.create(10, 1000, 1);
        String wide = h.call("eth_newFilter", "[{\"fromBlock\":\"earliest\"}]").get("result").asText();
        assertError(-32005, "Requested range exceeds maximum RPC range limit", h.call("eth_getFilterLogs", "[\"" + wide + "\"]"));
        String narrow = h.call("eth_newFilter", "[{\"fromBlock\":\"0x1\",\"toBlock\":\"0x2\"}]").get("result").asText();
        assertTrue(h.call("eth_getFilterLogs", "[\"" + narrow + "\"]").get("result").isArray());
    }
}
