package org.bcpki.mirror.follow;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.mirror.trust.VerifiedChain;
import org.bcpki.mirror.wire.EndpointPool;
import org.bcpki.mirror.wire.HeaderFetcher;
import org.bcpki.mirror.wire.JsonRpcClient;
import org.bcpki.mirror.wire.LyingEndpointException;
import org.bcpki.mirror.wire.NoHonestEndpointException;
import org.bcpki.mirror.wire.RpcException;

/**
 * Follows the chain head through untrusted endpoints. Each header is verified by
 * {@link VerifiedChain#extend} before it is kept; an endpoint that serves one that fails (a fork, a
 * bad seal, a wrong round, a header that is not the one asked for) is dropped and the next endpoint
 * continues from the verified head.
 */
public final class HeaderSync {
    /** Sync tuning: fast catch-up triggers when more than {@code fastCatchUpDistance} blocks behind (0 = never). */
    public record Settings(long fastCatchUpDistance, Duration trustingPeriod, int maxHeadersPerRound) {
        public static Settings defaults() {
            return new Settings(0, Duration.ofDays(7), 100_000);
        }
    }

    private final VerifiedChain chain;
    private final EndpointPool pool;
    private final HeaderFetcher source = new HeaderFetcher();
    private final Settings settings;
    private final Clock clock;

    public HeaderSync(VerifiedChain chain, EndpointPool pool, Settings settings, Clock clock) {
        this.chain = chain;
        this.pool = pool;
        this.settings = settings;
        this.clock = clock;
    }

    public SyncReport sync() {
        long started = System.nanoTime();
        long from = chain.head().map(BlockHeader::number).orElse(-1L);
        int[] verified = {0};
        boolean[] jumped = {false};
        List<String> failures = List.of();
        try {
            if (!chain.started()) {
                pool.attempt(this::startFromAnchor);
            }
            JsonRpcClient first = pool.attempt(endpoint -> {
                followHead(endpoint, verified, jumped);
                return endpoint;
            });
            // A node that withholds newer blocks must not hold the client back while another has them.
            for (JsonRpcClient other : pool.live()) {
                if (other == first) {
                    continue;
                }
                try {
                    followHead(other, verified, jumped);
                } catch (LyingEndpointException e) {
                    pool.drop(other, e.getMessage());
                } catch (RpcException e) {
                    // Already synced from another endpoint: a transient failure here changes nothing.
                }
            }
        } catch (NoHonestEndpointException e) {
            failures = e.failures();
        }
        Map<String, String> dropped = new LinkedHashMap<>();
        pool.dropped().forEach((uri, reason) -> dropped.put(uri.toString(), reason));
        BlockHeader head = chain.head().orElse(null);
        return new SyncReport(from, head == null ? -1 : head.number(),
                head == null ? null : BftHashing.blockHash(head).toHexString(), head == null ? 0 : head.timestamp(),
                verified[0], jumped[0], dropped, failures, (System.nanoTime() - started) / 1_000_000);
    }

    private Void startFromAnchor(JsonRpcClient endpoint) throws RpcException, LyingEndpointException {
        long number = chain.anchor().number();
        BlockHeader header = source.header(endpoint, number)
                .orElseThrow(() -> new LyingEndpointException(endpoint + ": has no anchor block " + number));
        List<String> problems = chain.start(header);
        if (!problems.isEmpty()) {
            throw new LyingEndpointException(endpoint + ": anchor block: " + String.join("; ", problems));
        }
        return null;
    }

    private void followHead(JsonRpcClient endpoint, int[] verified, boolean[] jumped)
            throws RpcException, LyingEndpointException {
        long target = source.headNumber(endpoint);
        long head = chain.head().orElseThrow().number();
        if (settings.fastCatchUpDistance() > 0 && target - head > settings.fastCatchUpDistance()) {
            BlockHeader far = fetch(endpoint, target);
            List<String> problems = chain.fastForward(far, clock.instant(), settings.trustingPeriod());
            if (!problems.isEmpty()) {
                throw new LyingEndpointException(endpoint + ": fast catch-up to " + target + " refused: "
                        + String.join("; ", problems));
            }
            jumped[0] = true;
            verified[0]++;
            head = target;
        }
        long last = Math.min(target, head + settings.maxHeadersPerRound());
        for (long number = head + 1; number <= last; ) {
            int count = (int) Math.min(HeaderFetcher.BATCH_SIZE, last - number + 1);
            List<Optional<BlockHeader>> fetched = source.headers(endpoint, number, count);
            List<BlockHeader> batch = new java.util.ArrayList<>(count);
            for (Optional<BlockHeader> header : fetched) {
                if (header.isEmpty()) {
                    break;
                }
                batch.add(header.get());
            }
            VerifiedChain.Extension extension = chain.extendAll(batch);
            verified[0] += extension.accepted();
            if (!extension.problems().isEmpty()) {
                throw new LyingEndpointException(endpoint + ": header " + (number + extension.accepted()) + " rejected: "
                        + String.join("; ", extension.problems()));
            }
            if (batch.size() < count) {
                throw new LyingEndpointException(endpoint + ": reported head " + target + " but has no block "
                        + (number + batch.size()));
            }
            number += count;
        }
    }

    private BlockHeader fetch(JsonRpcClient endpoint, long number) throws RpcException, LyingEndpointException {
        Optional<BlockHeader> header = source.header(endpoint, number);
        if (header.isEmpty()) {
            throw new LyingEndpointException(endpoint + ": reported head beyond " + number + " but has no block " + number);
        }
        return header.get();
    }
}
