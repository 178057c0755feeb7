package org.bcpki.gateway;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Live counters for the status endpoint: frames, accepted readings, rejections by reason, WAN requests. */
public final class GatewayCounters {
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();
    private final AtomicLong wanAllowed = new AtomicLong();
    private final Map<String, AtomicLong> wanRefused = new ConcurrentHashMap<>();

    public void frame() {
        frames.incrementAndGet();
    }

    public void accepted() {
        accepted.incrementAndGet();
    }

    public void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    public void wanAllowed() {
        wanAllowed.incrementAndGet();
    }

    public void wanRefused(String reason) {
        wanRefused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    public long frames() {
        return frames.get();
    }

    public long acceptedCount() {
        return accepted.get();
    }

    public Map<String, Long> rejectedByReason() {
        return snapshot(rejected);
    }

    public long wanAllowedCount() {
        return wanAllowed.get();
    }

    public Map<String, Long> wanRefusedByReason() {
        return snapshot(wanRefused);
    }

    public long rejectedCount(String reason) {
        AtomicLong count = rejected.get(reason);
        return count == null ? 0 : count.get();
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
