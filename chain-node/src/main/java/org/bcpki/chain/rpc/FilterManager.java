package org.bcpki.chain.rpc;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.store.BlockStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed eth_newFilter / eth_newBlockFilter / eth_newPendingTransactionFilter filters and
 * what each has collected since its last poll, as Besu's FilterManager: random 128-bit quantity
 * ids, a cap on live filters, and expiry of filters nobody polled for {@link #timeout()}.
 *
 * <p>Besu buffers without bound; here a filter that collects more than {@link #maxBufferedChanges}
 * changes without being polled is dropped, so its next poll answers "Filter not found" (which
 * pollers such as ethers answer by installing a new filter) instead of silently losing changes.
 */
public final class FilterManager {
    private static final Logger LOG = LoggerFactory.getLogger(FilterManager.class);
    /** Besu's --rpc-filter-timeout-seconds default (120 s since 26.7.1; 10 minutes before). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** Besu's --rpc-max-active-filters default. */
    public static final int DEFAULT_MAX_FILTERS = 1000;
    /** Changes (block hashes, transaction hashes or logs) one filter holds between two polls. */
    public static final int DEFAULT_MAX_BUFFERED_CHANGES = 10_000;
    /** How often expired filters are swept (Besu: every 10 s). */
    public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);

    /** What a filter collects. */
    public enum Kind { BLOCK, PENDING_TRANSACTION, LOG }

    /** One installed filter; its buffer and last use are guarded by the filter itself. */
    public static final class Filter {
        private final Kind kind;
        private final LogQuery query;
        private final List<Object> changes = new ArrayList<>();
        private long lastUsedMillis;

        private Filter(Kind kind, LogQuery query, long now) {
            this.kind = kind;
            this.query = query;
            this.lastUsedMillis = now;
        }

        public Kind kind() {
            return kind;
        }

        /** The log query of a LOG filter; null for the other kinds. */
        public LogQuery query() {
            return query;
        }
    }

    private final Map<String, Filter> filters = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration timeout;
    private final int maxFilters;
    private final int maxBufferedChanges;

    public FilterManager(Clock clock, Duration timeout, int maxFilters, int maxBufferedChanges) {
        if (timeout.isNegative() || timeout.isZero() || maxFilters < 1 || maxBufferedChanges < 1) {
            throw new IllegalArgumentException("filter timeout, max filters and max buffered changes must be positive");
        }
        this.clock = clock;
        this.timeout = timeout;
        this.maxFilters = maxFilters;
        this.maxBufferedChanges = maxBufferedChanges;
    }

    public FilterManager() {
        this(Clock.systemUTC(), DEFAULT_TIMEOUT, DEFAULT_MAX_FILTERS, DEFAULT_MAX_BUFFERED_CHANGES);
    }

    /**
     * A manager with Besu's options of a node's config.toml: {@code rpc-max-active-filters} (0: no
     * limit) and {@code rpc-filter-timeout-seconds}; Besu's defaults where absent.
     */
    public static FilterManager fromConfig(Map<String, Object> config) {
        long max = number(config, "rpc-max-active-filters", DEFAULT_MAX_FILTERS);
        long seconds = number(config, "rpc-filter-timeout-seconds", DEFAULT_TIMEOUT.toSeconds());
        if (max < 0) {
            throw new IllegalArgumentException("rpc-max-active-filters must be 0 (no limit) or more, not " + max);
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("rpc-filter-timeout-seconds must be at least 1, not " + seconds);
        }
        return new FilterManager(Clock.systemUTC(), Duration.ofSeconds(seconds),
                max == 0 || max > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) max, DEFAULT_MAX_BUFFERED_CHANGES);
    }

    private static long number(Map<String, Object> config, String key, long fallback) {
        Object value = config.getOrDefault(key, fallback);
        if (!(value instanceof Long n)) {
            throw new IllegalArgumentException(key + " must be a number, not " + value);
        }
        return n;
    }

    public Duration timeout() {
        return timeout;
    }

    public int maxFilters() {
        return maxFilters;
    }

    public int count() {
        return filters.size();
    }

    /** Installs a filter; refused with Besu's -32005 once {@link #maxFilters} are live. */
    public String install(Kind kind, LogQuery query) throws RpcException {
        // check-then-put may overshoot by a few under concurrent installs; the cap is about memory, not exactness
        if (filters.size() >= maxFilters) {
            throw new RpcException(-32005, "Maximum number of active filters exceeded");
        }
        String id;
        do {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            id = "0x" + new BigInteger(1, bytes).toString(16);
        } while (filters.putIfAbsent(id, new Filter(kind, query, clock.millis())) != null);
        return id;
    }

    public boolean uninstall(String id) {
        return filters.remove(id) != null;
    }

    /** The filter, marked as used now; empty when unknown, uninstalled or expired and swept. */
    public Optional<Filter> touch(String id) {
        Filter filter = filters.get(id);
        if (filter == null) {
            return Optional.empty();
        }
        synchronized (filter) {
            filter.lastUsedMillis = clock.millis();
        }
        return Optional.of(filter);
    }

    /** What the filter collected since the last call (and marks it used); empty when the filter is gone. */
    public Optional<List<Object>> drain(String id) {
        Filter filter = filters.get(id);
        if (filter == null) {
            return Optional.empty();
        }
        synchronized (filter) {
            filter.lastUsedMillis = clock.millis();
            List<Object> out = new ArrayList<>(filter.changes);
            filter.changes.clear();
            return Optional.of(out);
        }
    }

    /** Removes every filter not used for longer than the timeout (run on the node's scheduler). */
    public void sweep() {
        long now = clock.millis();
        filters.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return now - e.getValue().lastUsedMillis > timeout.toMillis();
            }
        });
    }

    /**
     * A block was imported: its hash goes to block filters, its matching logs (as JSON) to log
     * filters. Each log's JSON is built once and shared by every filter it matches, so many
     * filters on the same events cost the import little time and memory.
     */
    public void onBlock(long number, Bytes32 hash, long timestamp, List<BlockStore.IndexedLog> logs) {
        List<Object> blockHash = List.of(hash.toHexString());
        Object[] json = new Object[logs.size()];
        filters.forEach((id, filter) -> {
            switch (filter.kind) {
                case BLOCK -> add(id, filter, blockHash);
                case LOG -> {
                    if (filter.query.admits(number, hash)) {
                        List<Object> matching = new ArrayList<>();
                        for (int i = 0; i < json.length; i++) {
                            if (filter.query.filter().test(logs.get(i).log())) {
                                if (json[i] == null) {
                                    json[i] = RpcJson.logJson(logs.get(i), timestamp);
                                }
                                matching.add(json[i]);
                            }
                        }
                        add(id, filter, matching);
                    }
                }
                case PENDING_TRANSACTION -> { }
            }
        });
    }

    /** A transaction entered the pool (from a client or a peer). */
    public void onPendingTransaction(Bytes32 hash) {
        filters.forEach((id, filter) -> {
            if (filter.kind == Kind.PENDING_TRANSACTION) {
                add(id, filter, List.of(hash.toHexString()));
            }
        });
    }

    private void add(String id, Filter filter, List<Object> changes) {
        if (changes.isEmpty()) {
            return;
        }
        boolean overflow;
        synchronized (filter) {
            overflow = filter.changes.size() + changes.size() > maxBufferedChanges;
            if (!overflow) {
                filter.changes.addAll(changes);
            }
        }
        if (overflow && filters.remove(id, filter)) {
            LOG.debug("filter {} dropped: more than {} changes without a poll", id, maxBufferedChanges);
        }
    }
}
