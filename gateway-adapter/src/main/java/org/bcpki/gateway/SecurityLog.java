package org.bcpki.gateway;

import java.util.concurrent.atomic.AtomicLong;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.LogRecord;

/**
 * The system/security log: refused and unauthenticated traffic, kept apart from the metrological
 * log. Bounded twice: the store keeps a ring of fixed size, and each source (a WAN address, an LMN
 * port) may write {@link RateLimits#securityBurst()} entries and then
 * {@link RateLimits#securityPerSecond()} per second; what is over the rate is counted as dropped,
 * not written. Thread-safe.
 */
public final class SecurityLog {
    public static final int MAX_SOURCES = 4096;

    private final GatewayStore store;
    private final SourceRateLimiter limiter;
    private final AtomicLong dropped = new AtomicLong();

    public SecurityLog(GatewayStore store) {
        this(store, RateLimits.DEFAULTS);
    }

    public SecurityLog(GatewayStore store, RateLimits limits) {
        this(store, new SourceRateLimiter(limits.securityBurst(), limits.securityPerSecond(), MAX_SOURCES));
    }

    public SecurityLog(GatewayStore store, SourceRateLimiter limiter) {
        this.store = store;
        this.limiter = limiter;
    }

    /** Writes {@code record} unless {@code source} is over its rate; returns whether it was written. */
    public boolean record(String source, LogRecord record) {
        if (!limiter.tryAcquire(source)) {
            dropped.incrementAndGet();
            return false;
        }
        store.appendSecurity(source, record);
        return true;
    }

    /** Entries not written because their source was over its rate (since start). */
    public long dropped() {
        return dropped.get();
    }

    public GatewayStore store() {
        return store;
    }
}
