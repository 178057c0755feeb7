package org.bcpki.mirror.follow;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.mirror.trust.BlockRef;
import org.bcpki.mirror.trust.CheckpointRule;
import org.bcpki.mirror.trust.CheckpointSignature;
import org.bcpki.mirror.trust.CheckpointVerdict;
import org.bcpki.mirror.trust.TrustAnchor;
import org.bcpki.mirror.trust.VerifiedChain;
import org.bcpki.mirror.wire.CheckpointFeed;
import org.bcpki.mirror.wire.EndpointPool;
import org.bcpki.mirror.wire.HeaderFetcher;
import org.bcpki.mirror.wire.NoHonestEndpointException;

/**
 * Follows the checkpoints the anchor's CheckpointRegistry publishes ({@code eth_getLogs} over the
 * last {@value #LOG_WINDOW} blocks) and takes up the newest that {@link CheckpointRule} accepts.
 * Every signature is checked over a header this client hashed itself (from the verified window, else
 * fetched): an endpoint can withhold checkpoints but not forge one. Callers serialize the calls.
 */
public final class CheckpointFollower {
    /** How many recent blocks are searched for checkpoint signatures (bounds the eth_getLogs answer). */
    public static final long LOG_WINDOW = 64;

    private final TrustAnchor anchor;
    private final VerifiedChain chain;
    private final EndpointPool pool;
    private volatile BlockRef attested;
    private volatile CheckpointVerdict lastVerdict;

    public CheckpointFollower(TrustAnchor anchor, VerifiedChain chain, EndpointPool pool) {
        this.anchor = anchor;
        this.chain = chain;
        this.pool = pool;
    }

    /** The block the authorities attested last (null: none yet). */
    public BlockRef attested() {
        return attested;
    }

    /** What the last {@link #follow} concluded (null before any). */
    public CheckpointVerdict lastVerdict() {
        return lastVerdict;
    }

    /** Fetches the recently published signatures and takes up the newest acceptable checkpoint. */
    public CheckpointVerdict follow() {
        lastVerdict = fetchAndAccept();
        return lastVerdict;
    }

    private CheckpointVerdict fetchAndAccept() {
        if (!anchor.trust().needsCheckpoints() || anchor.checkpointRegistry() == null) {
            return new CheckpointVerdict(false, 0, 0, List.of("the anchor names no checkpoint registry"));
        }
        CheckpointFeed feed = new CheckpointFeed(anchor.checkpointRegistry());
        HeaderFetcher headers = new HeaderFetcher();
        try {
            return pool.attempt(endpoint -> {
                long head = headers.headNumber(endpoint);
                BlockRef current = attested;
                long from = Math.max(current == null ? 0 : current.number() + 1, head - LOG_WINDOW);
                if (from > head) {
                    return new CheckpointVerdict(false, 0, anchor.checkpointThreshold(), List.of("no newer block"));
                }
                TreeMap<Long, List<CheckpointFeed.Published>> byNumber = new TreeMap<>();
                for (CheckpointFeed.Published p : feed.fetch(endpoint, from, head)) {
                    byNumber.computeIfAbsent(p.number(), n -> new ArrayList<>()).add(p);
                }
                CheckpointVerdict last = new CheckpointVerdict(false, 0, anchor.checkpointThreshold(),
                        List.of("no checkpoint with enough valid signatures in blocks " + from + ".." + head));
                for (Long number : byNumber.descendingKeySet()) {
                    if (current != null && number <= current.number()) {
                        break;
                    }
                    BlockHeader header = chain.header(number).orElse(null);
                    if (header == null) {
                        header = headers.header(endpoint, number).orElse(null);
                    }
                    if (header == null) {
                        continue;
                    }
                    List<CheckpointSignature> valid = CheckpointRule.validSignatures(anchor, header,
                            signaturesOver(header, byNumber.get(number)));
                    if (valid.size() < anchor.checkpointThreshold()) {
                        continue;
                    }
                    CheckpointVerdict verdict = submit(header, valid);
                    if (verdict.valid()) {
                        return verdict;
                    }
                    last = verdict;
                }
                return last;
            });
        } catch (NoHonestEndpointException e) {
            return new CheckpointVerdict(false, 0, anchor.checkpointThreshold(), List.of(e.getMessage()));
        }
    }

    /** Accepts {@code header} as the attested block when {@link CheckpointRule#accept} does. */
    public CheckpointVerdict submit(BlockHeader header, List<CheckpointSignature> signatures) {
        CheckpointVerdict verdict = CheckpointRule.accept(anchor, chain, attested, header, signatures);
        if (verdict.valid()) {
            attested = BlockRef.of(header);
        }
        return verdict;
    }

    /** The published signatures that name {@code header}'s hash (the rest are for another block). */
    private static List<Bytes> signaturesOver(BlockHeader header, List<CheckpointFeed.Published> published) {
        Bytes32 hash;
        try {
            hash = BftHashing.blockHash(header);
        } catch (RuntimeException e) {
            return List.of(); // a header no checkpoint can be built from
        }
        List<Bytes> signatures = new ArrayList<>();
        for (CheckpointFeed.Published p : published) {
            if (p.blockHash().equals(hash)) {
                signatures.add(p.signature());
            }
        }
        return signatures;
    }
}
