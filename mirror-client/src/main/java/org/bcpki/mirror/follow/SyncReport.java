package org.bcpki.mirror.follow;

import java.util.List;
import java.util.Map;

/**
 * What one sync round did: the head before and after, headers verified, whether it skipped ahead,
 * endpoints dropped for lying (with why), and failures that stopped it early.
 */
public record SyncReport(long fromNumber, long toNumber, String headHash, long headTimestamp, int headersVerified,
        boolean fastForwarded, Map<String, String> droppedEndpoints, List<String> failures, long millis) {
    public SyncReport {
        droppedEndpoints = Map.copyOf(droppedEndpoints);
        failures = List.copyOf(failures);
    }

    public boolean complete() {
        return failures.isEmpty();
    }
}
