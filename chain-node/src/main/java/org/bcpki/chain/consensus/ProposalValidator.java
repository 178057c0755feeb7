package org.bcpki.chain.consensus;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.consensus.QbftMessage.PreparedCertificate;
import org.bcpki.chain.consensus.QbftMessage.Prepare;
import org.bcpki.chain.consensus.QbftMessage.Proposal;
import org.bcpki.chain.consensus.QbftMessage.RoundChange;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.chain.Quorum;

/**
 * The QBFT safety rules for one height (Besu's ProposalValidator and RoundChangeMessageValidator):
 * pure functions of the validator set, the parent header and the messages, so they can be tested
 * without a network or a clock. Each check returns the problem, or empty when the message passes.
 *
 * <p>A proposal for round r > 0 must carry a quorum of round changes for r and, if any of them
 * proves a prepared block, must re-propose the one prepared in the highest round. Any two quorums
 * share an honest validator, so a block that may have been committed is always the one re-proposed.
 */
final class ProposalValidator {
    private final long height;
    private final BlockHeader parent;
    private final List<Address> validators;
    private final int quorum;

    /** {@code validators} sorted, as the chain keeps them; {@code parent} is the block at height - 1. */
    ProposalValidator(long height, BlockHeader parent, List<Address> validators) {
        this.height = height;
        this.parent = parent;
        this.validators = validators;
        this.quorum = Quorum.of(validators.size());
    }

    /** Besu's round-robin choice, from the parent block's proposer. */
    Address proposer(int round) {
        return ProposerSelection.proposer(validators, parent.coinbase(), round);
    }

    /**
     * Whether a proposal is one to consider at all: for this height, not for a round before
     * {@code currentRound}, and from the proposer of its round. A stale one is routine, not an attack.
     */
    Optional<String> checkOrigin(Proposal p, Address sender, int currentRound) {
        if (p.height() != height) {
            return Optional.of("proposal for height " + p.height() + ", not " + height);
        }
        if (p.round() < currentRound) {
            return Optional.of("proposal for round " + p.round() + ", before the current round " + currentRound);
        }
        if (!sender.equals(proposer(p.round()))) {
            return Optional.of("proposal from " + sender + ", not the proposer of round " + p.round());
        }
        return Optional.empty();
    }

    /** The proposed block's place in the chain and, from round 1 on, its justification. */
    Optional<String> checkProposal(Proposal p) {
        BlockHeader header = p.block().header();
        if (header.number() != height || !header.parentHash().equals(BftHashing.blockHash(parent))) {
            return Optional.of("does not extend this node's head");
        }
        QbftExtraData extra;
        try {
            extra = QbftExtraDataCodec.decode(header.extraData());
        } catch (RuntimeException e) {
            return Optional.of("bad extraData: " + e.getMessage());
        }
        if (extra.round() != p.round() || !extra.seals().isEmpty()) {
            return Optional.of("extraData round or seals do not match the proposal");
        }
        // a new block names its proposer as coinbase; a re-proposed prepared block keeps its original coinbase
        boolean newBlock = header.coinbase().equals(proposer(p.round()));
        if (p.round() == 0) {
            return newBlock ? Optional.empty() : Optional.of("coinbase is not the proposer of round 0");
        }
        Map<Address, RoundChange> justification = new HashMap<>();
        for (SignedMessage m : p.roundChanges()) {
            if (!validators.contains(m.sender())) {
                return Optional.of("round change from a non-validator in the justification");
            }
            QbftMessage decoded;
            try {
                decoded = QbftCodec.decode(m.payload());
            } catch (RuntimeException e) {
                return Optional.of("malformed message in the justification");
            }
            if (!(decoded instanceof RoundChange rc) || rc.height() != height || rc.round() != p.round()) {
                return Optional.of("justification holds a message that is not a round change for this round");
            }
            Optional<String> certificateProblem = rc.prepared().flatMap(c -> checkCertificate(c, rc.round()));
            if (certificateProblem.isPresent()) {
                return certificateProblem;
            }
            justification.put(m.sender(), rc); // a sender counts once towards the quorum
        }
        if (justification.size() < quorum) {
            return Optional.of("justification has " + justification.size() + " round changes, quorum is " + quorum);
        }
        Optional<PreparedCertificate> best = highestPrepared(justification.values());
        if (best.isPresent() && !best.get().block().hash().equals(p.block().hash())) {
            return Optional.of("does not re-propose the block prepared in round " + best.get().round());
        }
        if (best.isEmpty() && !newBlock) {
            return Optional.of("coinbase is not the proposer of round " + p.round());
        }
        return Optional.empty();
    }

    /** Whether a round change is one to count at all: for this height, and for a round above 0 not before {@code currentRound}. */
    Optional<String> checkRoundChangeTarget(RoundChange rc, int currentRound) {
        if (rc.height() != height) {
            return Optional.of("round change for height " + rc.height() + ", not " + height);
        }
        if (rc.round() == 0) {
            return Optional.of("round change to round 0");
        }
        if (rc.round() < currentRound) {
            return Optional.of("round change to round " + rc.round() + ", before the current round " + currentRound);
        }
        return Optional.empty();
    }

    /** A round change's prepared certificate, if it carries one. */
    Optional<String> checkRoundChange(RoundChange rc) {
        return rc.prepared().flatMap(c -> checkCertificate(c, rc.round()));
    }

    /**
     * A prepared certificate is a quorum of distinct validators' prepares for its block at this
     * height in its round, which must be below {@code before}.
     */
    Optional<String> checkCertificate(PreparedCertificate c, int before) {
        if (c.round() >= before) {
            return Optional.of("prepared round not below the round change's round");
        }
        Bytes32 digest = c.block().hash();
        if (c.block().number() != height) {
            return Optional.of("prepared block at the wrong height");
        }
        Set<Address> signers = new HashSet<>();
        for (SignedMessage m : c.prepares()) {
            QbftMessage decoded;
            try {
                decoded = QbftCodec.decode(m.payload());
            } catch (RuntimeException e) {
                return Optional.of("malformed prepare in certificate");
            }
            if (decoded instanceof Prepare prep && prep.height() == height && prep.round() == c.round()
                    && prep.digest().equals(digest) && validators.contains(m.sender())) {
                signers.add(m.sender());
            }
        }
        return signers.size() >= quorum ? Optional.empty() : Optional.of("prepared certificate below quorum");
    }

    /** The certificate prepared in the highest round among {@code changes}, the block a new round must re-propose. */
    static Optional<PreparedCertificate> highestPrepared(Collection<RoundChange> changes) {
        return changes.stream().flatMap(rc -> rc.prepared().stream())
                .max(Comparator.comparingInt(PreparedCertificate::round));
    }
}
