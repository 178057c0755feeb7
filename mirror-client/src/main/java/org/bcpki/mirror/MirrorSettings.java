package org.bcpki.mirror;

import java.time.Clock;
import java.time.Duration;
import org.bcpki.mirror.follow.HeaderSync;
import org.bcpki.mirror.trust.VerifiedChain;

/**
 * Tuning of a {@link MirrorClient}.
 *
 * @param maxStaleness decisions fail closed (STALE_VIEW) when the block they would rest on is older
 * @param retainedHeaders K: verified headers kept in memory and in the store
 * @param sync header sync settings (fast catch-up distance and trusting period)
 * @param maxSubjects subjects whose proven records are kept (least recently checked evicted first):
 *        anyone who can make the gateway ask about names must not grow its memory or its per-block work
 */
public record MirrorSettings(Duration maxStaleness, int retainedHeaders, HeaderSync.Settings sync, Clock clock,
                             int maxSubjects) {
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_SUBJECTS = 10_000;

    public MirrorSettings {
        if (maxSubjects < 1) {
            throw new IllegalArgumentException("maxSubjects must be positive, got " + maxSubjects);
        }
    }

    public static MirrorSettings defaults() {
        return new MirrorSettings(DEFAULT_MAX_STALENESS, VerifiedChain.DEFAULT_RETAINED_HEADERS,
                HeaderSync.Settings.defaults(), Clock.systemUTC(), DEFAULT_MAX_SUBJECTS);
    }

    public MirrorSettings withClock(Clock newClock) {
        return new MirrorSettings(maxStaleness, retainedHeaders, sync, newClock, maxSubjects);
    }

    public MirrorSettings withMaxStaleness(Duration newMaxStaleness) {
        return new MirrorSettings(newMaxStaleness, retainedHeaders, sync, clock, maxSubjects);
    }

    public MirrorSettings withSync(HeaderSync.Settings newSync) {
        return new MirrorSettings(maxStaleness, retainedHeaders, newSync, clock, maxSubjects);
    }

    public MirrorSettings withRetainedHeaders(int k) {
        return new MirrorSettings(maxStaleness, k, sync, clock, maxSubjects);
    }

    public MirrorSettings withMaxSubjects(int n) {
        return new MirrorSettings(maxStaleness, retainedHeaders, sync, clock, n);
    }
}
