package org.bcpki.mirror.trust;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.CommitSeals;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.chain.QbftHeaderValidator;
import org.bcpki.core.chain.ValidationContext;
import org.bcpki.core.chain.VoteTally;

/**
 * The client's verified view of the chain: the last K headers, each checked against its parent and
 * the validator set replayed from the anchor, plus a few checkpoints to restart from. Only
 * {@link #extend} and {@link #fastForward} change it, and only with headers that pass every rule.
 * Not thread-safe; {@link org.bcpki.mirror.MirrorClient} serializes access.
 */
public final class VerifiedChain {
    public static final int DEFAULT_RETAINED_HEADERS = 64;
    static final int MAX_CHECKPOINTS = 8;

    private final TrustAnchor anchor;
    private final int retained;
    private final Deque<BlockHeader> headers = new ArrayDeque<>();
    private final Deque<TrustedCheckpoint> checkpoints = new ArrayDeque<>();
    private VoteTally tally;

    public VerifiedChain(TrustAnchor anchor, int retainedHeaders) {
        if (retainedHeaders < 1) {
            throw new IllegalArgumentException("at least one header must be retained");
        }
        this.anchor = anchor;
        this.retained = retainedHeaders;
        this.tally = anchor.tally();
    }

    public TrustAnchor anchor() {
        return anchor;
    }

    /** True once the anchor block itself has been fetched and matched against the anchor hash. */
    public boolean started() {
        return !headers.isEmpty();
    }

    public Optional<BlockHeader> head() {
        return Optional.ofNullable(headers.peekLast());
    }

    public List<BlockHeader> headers() {
        return List.copyOf(headers);
    }

    public List<TrustedCheckpoint> checkpoints() {
        return List.copyOf(checkpoints);
    }

    /** The tally after the head: its validators seal the next block. */
    public VoteTally tally() {
        return tally;
    }

    public Optional<BlockHeader> header(long number) {
        for (BlockHeader header : headers) {
            if (header.number() == number) {
                return Optional.of(header);
            }
        }
        return Optional.empty();
    }

    /** Starts from the anchor block, which is trusted because its hash is the anchor's. */
    public List<String> start(BlockHeader anchorHeader) {
        if (started()) {
            return List.of("already started");
        }
        Bytes32 hash = BftHashing.blockHash(anchorHeader);
        if (anchorHeader.number() != anchor.number() || !hash.equals(anchor.hash())) {
            return List.of("block " + anchorHeader.number() + " hashes to " + hash + ", the anchor is block "
                    + anchor.number() + " " + anchor.hash());
        }
        if (anchor.kind() == TrustAnchor.Kind.GENESIS) {
            List<Address> listed = QbftExtraDataCodec.decode(anchorHeader.extraData()).validators();
            if (!listed.equals(anchor.validators())) {
                return List.of("genesis extraData lists validators " + listed + ", the anchor " + anchor.validators());
            }
        }
        headers.addLast(anchorHeader);
        remember(new TrustedCheckpoint(anchor.number(), hash, anchorHeader.timestamp(), tally.validators(),
                tally.pendingVotes(), "anchor"));
        return List.of();
    }

    /**
     * Appends the block after the head when every QBFT rule holds against the head as parent and the
     * set in force; returns the broken rules otherwise (and changes nothing).
     */
    public List<String> extend(BlockHeader header) {
        return extendAll(List.of(header)).problems();
    }

    /** How many headers of a batch were appended, and why the next one was not (empty: all were). */
    public record Extension(int accepted, List<String> problems) {}

    /**
     * Appends consecutive headers, each checked like {@link #extend}. The expensive part (seal
     * recovery) runs in parallel: each header's parent and validator set are derived from the headers
     * before it, which is exact for every header up to the first invalid one, and nothing after that
     * one is kept.
     */
    public Extension extendAll(List<BlockHeader> batch) {
        BlockHeader parent = headers.peekLast();
        if (parent == null) {
            return new Extension(0, List.of("the chain has not started from its anchor"));
        }
        int n = batch.size();
        List<ValidationContext> contexts = new ArrayList<>(n);
        List<VoteTally> talliesAfter = new ArrayList<>(n);
        VoteTally next = tally;
        String replayFailure = null;
        for (BlockHeader header : batch) {
            contexts.add(new ValidationContext(next.validators(), anchor.blockPeriodSeconds()));
            try {
                next = next.afterBlock(header, anchor.epochLength());
            } catch (RuntimeException e) {
                replayFailure = "header " + header.number() + " cannot be replayed: " + e.getMessage();
                break;
            }
            talliesAfter.add(next);
        }
        int replayed = talliesAfter.size();
        BlockHeader first = parent;
        List<List<String>> verdicts = IntStream.range(0, Math.min(n, replayed + 1)).parallel()
                .mapToObj(i -> check(batch.get(i), i == 0 ? first : batch.get(i - 1), contexts.get(i)))
                .toList();
        for (int i = 0; i < verdicts.size(); i++) {
            if (!verdicts.get(i).isEmpty()) {
                return new Extension(i, verdicts.get(i));
            }
            if (i == replayed) {
                return new Extension(i, List.of(replayFailure));
            }
            BlockHeader header = batch.get(i);
            tally = talliesAfter.get(i);
            append(header);
            if (header.number() % anchor.epochLength() == 0) {
                remember(checkpointOf(header, "epoch"));
            }
        }
        return new Extension(n, List.of());
    }

    private static List<String> check(BlockHeader header, BlockHeader parent, ValidationContext context) {
        try {
            return QbftHeaderValidator.standard().validate(header, parent, context);
        } catch (RuntimeException e) {
            return List.of("header " + header.number() + " cannot be checked: " + e.getMessage());
        }
    }

    /**
     * Light-client skipping: accepts a later header when at least 1/3 of the trusted set (the one in
     * force after the head) sealed it, at least 2/3 of its own listed set sealed it, every signer is in
     * its own set, and the trusted head is younger than the trusting period. The pending votes before
     * the jump are not known afterwards; the tally restarts from the header's own set (see README).
     */
    public List<String> fastForward(BlockHeader target, Instant now, Duration trustingPeriod) {
        BlockHeader trusted = headers.peekLast();
        if (trusted == null) {
            return List.of("the chain has not started from its anchor");
        }
        List<String> problems = new ArrayList<>();
        if (target.number() <= trusted.number()) {
            problems.add("fast catch-up target " + target.number() + " is not ahead of the head " + trusted.number());
        }
        if (Instant.ofEpochSecond(trusted.timestamp()).plus(trustingPeriod).isBefore(now)) {
            problems.add("the trusted head is older than the trusting period " + trustingPeriod);
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        try {
            QbftExtraData extra = QbftExtraDataCodec.decode(target.extraData());
            List<Address> own = extra.validators();
            // Own-set rules: constant fields, listed validators, proposer, gas, seals >= 2/3 of own set.
            problems.addAll(StandaloneHeaderCheck.validate(target, own));
            Set<Address> signers = new HashSet<>(CommitSeals.signers(target));
            long trustedSigners = signers.stream().filter(tally::isValidator).count();
            int needed = (tally.validators().size() + 2) / 3; // ceil(n/3)
            if (trustedSigners < needed) {
                problems.add(trustedSigners + " of the trusted validators sealed block " + target.number() + ", "
                        + needed + " (1/3) required");
            }
        } catch (RuntimeException e) {
            problems.add("header " + target.number() + " cannot be checked: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        List<Address> own = QbftExtraDataCodec.decode(target.extraData()).validators();
        tally = VoteTally.genesis(own).afterBlock(target, anchor.epochLength());
        headers.clear();
        append(target);
        remember(checkpointOf(target, "fast catch-up"));
        return List.of();
    }

    /**
     * Restores a state saved by {@link org.bcpki.mirror.follow.HeaderStore} (the gateway's own disk, not
     * an endpoint); the caller has checked it belongs to this anchor.
     */
    public void restore(List<BlockHeader> savedHeaders, VoteTally savedTally, List<TrustedCheckpoint> savedCheckpoints) {
        headers.clear();
        savedHeaders.forEach(this::append);
        tally = savedTally;
        checkpoints.clear();
        savedCheckpoints.forEach(this::remember);
    }

    private TrustedCheckpoint checkpointOf(BlockHeader header, String reason) {
        return new TrustedCheckpoint(header.number(), BftHashing.blockHash(header), header.timestamp(),
                tally.validators(), tally.pendingVotes(), reason);
    }

    private void append(BlockHeader header) {
        headers.addLast(header);
        while (headers.size() > retained) {
            headers.removeFirst();
        }
    }

    private void remember(TrustedCheckpoint checkpoint) {
        checkpoints.addLast(checkpoint);
        while (checkpoints.size() > MAX_CHECKPOINTS) {
            checkpoints.removeFirst();
        }
    }
}
