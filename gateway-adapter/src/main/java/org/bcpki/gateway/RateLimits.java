package org.bcpki.gateway;

/**
 * Per-source budgets: security log entries a source (WAN address, LMN port) may cause, and refused
 * WAN requests an address may make before it is answered 429; each a burst, then so many per second.
 */
public record RateLimits(int securityBurst, double securityPerSecond, int wanRefusedBurst,
        double wanRefusedPerSecond) {
    public static final RateLimits DEFAULTS = new RateLimits(100, 10, 50, 5);

    public RateLimits {
        if (securityBurst < 1 || securityPerSecond <= 0 || wanRefusedBurst < 1 || wanRefusedPerSecond <= 0) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
    }
}
