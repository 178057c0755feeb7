package org.bcpki.core.chain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The validator set as header votes change it (Besu's block-header voting mode), immutable: each
 * {@link #afterBlock} returns the tally after one more block.
 *
 * <p>Rules: the proposer (coinbase) casts the header's vote; a proposer's newer vote on a subject
 * replaces its earlier one; votes that would change nothing (add a validator, remove a
 * non-validator) are ignored; when the votes for a change reach floor(n/2)+1 of the current n
 * validators the change applies (to the next block) and all pending votes on that subject are
 * dropped, plus a removed validator's own votes; an epoch block clears every pending vote and its
 * own vote is ignored.
 */
public final class VoteTally {
    private static final Comparator<PendingVote> ORDER =
            Comparator.comparing(PendingVote::subject).thenComparing(PendingVote::proposer);

    private final List<Address> validators;
    private final List<PendingVote> pendingVotes;

    private VoteTally(Collection<Address> validators, Collection<PendingVote> pendingVotes) {
        this.validators = List.copyOf(new TreeSet<>(validators));
        this.pendingVotes = pendingVotes.stream().sorted(ORDER).toList();
    }

    public static VoteTally genesis(List<Address> validators) {
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("a QBFT chain needs at least one validator");
        }
        return new VoteTally(validators, List.of());
    }

    /** Restores a tally saved earlier (e.g. at a checkpoint) with its pending votes. */
    public static VoteTally of(List<Address> validators, List<PendingVote> pendingVotes) {
        VoteTally tally = genesis(validators);
        return new VoteTally(tally.validators, pendingVotes);
    }

    /** The sorted validator set in force for the next block. */
    public List<Address> validators() {
        return validators;
    }

    /** Pending votes, sorted by subject then proposer. */
    public List<PendingVote> pendingVotes() {
        return pendingVotes;
    }

    public boolean isValidator(Address address) {
        return validators.contains(address);
    }

    /** Votes needed for a change: floor(n/2)+1 of the current validators. */
    public int threshold() {
        return validators.size() / 2 + 1;
    }

    /** The tally after {@code header} (the block following the state this tally describes). */
    public VoteTally afterBlock(BlockHeader header, long epochLength) {
        if (epochLength <= 0) {
            throw new IllegalArgumentException("epoch length must be positive: " + epochLength);
        }
        if (header.number() % epochLength == 0) {
            return pendingVotes.isEmpty() ? this : new VoteTally(validators, List.of());
        }
        Optional<Vote> vote = QbftExtraDataCodec.decode(header.extraData()).vote();
        return vote.map(v -> apply(header.coinbase(), v)).orElse(this);
    }

    private VoteTally apply(Address proposer, Vote vote) {
        Address subject = vote.subject();
        boolean noOp = vote.add() == isValidator(subject);
        if (noOp || !isValidator(proposer)) {
            return this;
        }
        // subject -> (proposer -> add?), so a proposer's new vote on a subject replaces the old one
        Map<Address, Map<Address, Boolean>> votes = new TreeMap<>();
        for (PendingVote p : pendingVotes) {
            votes.computeIfAbsent(p.subject(), s -> new TreeMap<>()).put(p.proposer(), p.add());
        }
        Map<Address, Boolean> onSubject = votes.computeIfAbsent(subject, s -> new TreeMap<>());
        onSubject.put(proposer, vote.add());
        long agreeing = onSubject.values().stream().filter(add -> add == vote.add()).count();

        TreeSet<Address> newValidators = new TreeSet<>(validators);
        if (agreeing >= threshold()) {
            votes.remove(subject);
            if (vote.add()) {
                newValidators.add(subject);
            } else {
                newValidators.remove(subject);
                votes.values().forEach(byProposer -> byProposer.remove(subject));
            }
        }
        List<PendingVote> remaining = new ArrayList<>();
        votes.forEach((s, byProposer) -> byProposer.forEach((p, add) -> remaining.add(new PendingVote(p, s, add))));
        return new VoteTally(newValidators, remaining);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VoteTally other && validators.equals(other.validators) && pendingVotes.equals(other.pendingVotes);
    }

    @Override
    public int hashCode() {
        return 31 * validators.hashCode() + pendingVotes.hashCode();
    }

    @Override
    public String toString() {
        return "VoteTally[validators=" + validators + ", pending=" + pendingVotes + "]";
    }
}
