package org.bcpki.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per source (a remote address, a serial port): {@code burst} tokens, refilled at
 * {@code perSecond}. At most {@code maxSources} buckets are kept, least recently used dropped first,
 * so many sources cannot grow it either. Thread-safe.
 */
public final class SourceRateLimiter {
    private final double burst;
    private final double perNano;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets;

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    public SourceRateLimiter(int burst, double perSecond, int maxSources) {
        this(burst, perSecond, maxSources, System::nanoTime);
    }

    public SourceRateLimiter(int burst, double perSecond, int maxSources, LongSupplier nanoTime) {
        if (burst < 1 || perSecond <= 0 || maxSources < 1) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.nanoTime = nanoTime;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxSources;
            }
        };
    }

    /** Takes one token from {@code source}'s bucket; false (nothing taken) when it is empty. */
    public synchronized boolean tryAcquire(String source) {
        Bucket bucket = refilled(source);
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    /** Whether {@code source} has no token left now (it is being limited). */
    public synchronized boolean exhausted(String source) {
        return refilled(source).tokens < 1;
    }

    public synchronized int trackedSources() {
        return buckets.size();
    }

    private Bucket refilled(String source) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(source, s -> new Bucket(burst, now));
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) * perNano);
        bucket.updated = now;
        return bucket;
    }
}
