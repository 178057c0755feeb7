package org.bcpki.mirror;

import java.time.Clock;
import java.time.Duration;
import org.bcpki.mirror.sync.HeaderSync;
import org.bcpki.mirror.sync.VerifiedChain;

/**
 * Tuning of a {@link MirrorClient}.
 *
 * @param maxStaleness decisions fail closed (STALE_VIEW) when the block they would rest on is older
 * @param retainedHeaders K: verified headers kept in memory and in the store
 * @param sync header sync settings (fast catch-up distance and trusting period)
 */
public record MirrorSettings(Duration maxStaleness, int retainedHeaders, HeaderSync.Settings sync, Clock clock) {
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(30);

    public static MirrorSettings defaults() {
        return new MirrorSettings(DEFAULT_MAX_STALENESS, VerifiedChain.DEFAULT_RETAINED_HEADERS,
                HeaderSync.Settings.defaults(), Clock.systemUTC());
    }

    public MirrorSettings withClock(Clock newClock) {
        return new MirrorSettings(maxStaleness, retainedHeaders, sync, newClock);
    }

    public MirrorSettings withMaxStaleness(Duration newMaxStaleness) {
        return new MirrorSettings(newMaxStaleness, retainedHeaders, sync, clock);
    }

    public MirrorSettings withSync(HeaderSync.Settings newSync) {
        return new MirrorSettings(maxStaleness, retainedHeaders, newSync, clock);
    }

    public MirrorSettings withRetainedHeaders(int k) {
        return new MirrorSettings(maxStaleness, k, sync, clock);
    }
}
