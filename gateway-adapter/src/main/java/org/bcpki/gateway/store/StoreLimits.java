package org.bcpki.gateway.store;

/**
 * Fixed bounds on what strangers can make the gateway keep: how many meter keys it tracks (replay
 * counter, key, certificates; least recently seen evicted first), and the security log's ring size
 * and per-field text length.
 */
public record StoreLimits(int maxTrackedMeterKeys, int maxSecurityEntries, int maxSecurityFieldChars) {
    public static final StoreLimits DEFAULTS = new StoreLimits(10_000, 10_000, 512);

    public StoreLimits {
        if (maxTrackedMeterKeys < 1 || maxSecurityEntries < 1 || maxSecurityFieldChars < 16) {
            throw new IllegalArgumentException("store limits must be positive (field length at least 16)");
        }
    }
}
