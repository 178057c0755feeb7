package org.bcpki.gateway;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /status} and {@code bcpki gateway status --json} report. Field names are an
 * interface (issue #8): frames, accepted, rejected (by reason), lastVerifiedBlock, viewAgeSeconds.
 * {@code lastVerifiedBlock} and {@code viewAgeSeconds} are null while the verifier has no view;
 * {@code trustDisagreements} (chain and X.509 deciding differently) is null unless {@code --trust both}.
 * {@code logEntries}/{@code logHead} are the metrological log's; the security log reports its ring
 * (entries now, capacity, ever written, dropped over the per-source rate), the consumer log its
 * length; {@code trackedMeterKeys} (accepted keys with replay counters, bounded) and
 * {@code pendingMeterKeys} (verified signatures of meters not accepted, bounded, in memory).
 */
public record GatewayStatus(String trust, String verifier, long frames, long accepted, Map<String, Long> rejected,
        Long lastVerifiedBlock, String lastVerifiedBlockHash, Long viewAgeSeconds, List<Line> lmnPorts,
        long wanAllowed, Map<String, Long> wanRefused, long logEntries, String logHead, Long trustDisagreements,
        long securityLogEntries, long securityLogCapacity, long securityLogWritten, long securityLogDropped,
        long consumerLogEntries, long trackedMeterKeys, long pendingMeterKeys) {

    /** One meter line: its path, whether it is open, how often it was opened, bytes read. */
    public record Line(String port, boolean connected, long connects, long bytesRead) {}
}
