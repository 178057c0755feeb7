package org.bcpki.chain.consensus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.consensus.QbftMessage.PreparedCertificate;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.Secp256k1;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round at the current height (Besu's RoundState): the proposal this validator accepted, and
 * the prepares and commits received, by block digest, first one per sender. Insertion order is
 * kept: it is the order of the prepares in a certificate and of the seals in the block.
 */
final class RoundState {
    private static final Logger LOG = LoggerFactory.getLogger(RoundState.class);

    private final int round;
    private CandidateBlock accepted;
    private final Map<Bytes32, Map<Address, SignedMessage>> prepares = new HashMap<>();
    private final Map<Bytes32, Map<Address, Bytes>> commits = new HashMap<>();
    private boolean proposed;
    private boolean commitSent;

    RoundState(int round) {
        this.round = round;
    }

    Optional<CandidateBlock> accepted() {
        return Optional.ofNullable(accepted);
    }

    void accept(CandidateBlock proposal) {
        accepted = proposal;
    }

    /** This validator sent the round's proposal (it proposes at most once per round). */
    boolean proposed() {
        return proposed;
    }

    void markProposed() {
        proposed = true;
    }

    /** This validator committed in this round (it commits at most once per round). */
    boolean commitSent() {
        return commitSent;
    }

    void markCommitSent() {
        commitSent = true;
    }

    void addPrepare(Bytes32 digest, Address sender, SignedMessage message) {
        prepares.computeIfAbsent(digest, k -> new LinkedHashMap<>()).putIfAbsent(sender, message);
    }

    void addCommit(Bytes32 digest, Address sender, Bytes seal) {
        commits.computeIfAbsent(digest, k -> new LinkedHashMap<>()).putIfAbsent(sender, seal);
    }

    /** The accepted block's certificate, once a quorum of validators prepared it. */
    Optional<PreparedCertificate> preparedCertificate(int quorum) {
        if (accepted == null) {
            return Optional.empty();
        }
        Map<Address, SignedMessage> votes = prepares.getOrDefault(accepted.hash(), Map.of());
        if (votes.size() < quorum) {
            return Optional.empty();
        }
        return Optional.of(new PreparedCertificate(round, accepted.block(), List.copyOf(votes.values())));
    }

    /**
     * The accepted block's commit seals that recover to their senders, once a quorum of commits
     * came in (invalid seals are left out, so fewer than a quorum may be returned); else empty.
     */
    List<Bytes> commitSeals(int quorum) {
        if (accepted == null) {
            return List.of();
        }
        Map<Address, Bytes> seals = commits.getOrDefault(accepted.hash(), Map.of());
        if (seals.size() < quorum) {
            return List.of();
        }
        Bytes32 sealDigest = BftHashing.sealDigest(accepted.block().header());
        List<Bytes> valid = new ArrayList<>();
        seals.forEach((signer, seal) -> {
            if (Secp256k1.recoverAddress(sealDigest, seal).filter(signer::equals).isPresent()) {
                valid.add(seal);
            } else {
                LOG.warn("invalid commit seal from {} for block {} round {}", signer, accepted.block().number(), round);
            }
        });
        return valid;
    }
}
