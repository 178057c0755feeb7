package org.bcpki.chain.consensus;

import static org.bcpki.chain.consensus.ConsensusFixture.HEIGHT;
import static org.bcpki.chain.consensus.ConsensusFixture.inRound;
import static org.bcpki.chain.consensus.ConsensusFixture.prepares;
import static org.bcpki.chain.consensus.ConsensusFixture.proposal;
import static org.bcpki.chain.consensus.ConsensusFixture.roundChange;
import static org.bcpki.chain.consensus.ConsensusFixture.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.consensus.QbftMessage.PreparedCertificate;
import org.bcpki.chain.consensus.QbftMessage.Prepare;
import org.bcpki.chain.consensus.QbftMessage.Proposal;
import org.bcpki.chain.consensus.QbftMessage.RoundChange;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.NodeKey;
import org.junit.jupiter.api.Test;

/**
 * The QBFT validation rules fed directly, without a network or a clock: four validators (quorum
 * three, one fault tolerated), bad justifications, wrong proposers and stale rounds, each next to
 * the valid case it differs from.
 */
class ProposalValidatorTest {
    private final ConsensusFixture f = new ConsensusFixture();
    private final ProposalValidator rules = f.rules;
    private final List<NodeKey> keys = f.keys;

    // ---- who may propose, and when ----

    @Test
    void aRoundZeroProposalFromItsProposerIsAccepted() {
        Proposal p = proposal(f.newBlock(0, 0), 0, List.of());
        assertAccepted(rules.checkOrigin(p, rules.proposer(0), 0));
        assertAccepted(rules.checkProposal(p));
    }

    @Test
    void aProposalFromAnyoneButTheRoundsProposerIsIgnored() {
        Proposal p = proposal(f.newBlock(0, 0), 0, List.of());
        List<Address> others = new ArrayList<>(f.validators);
        others.remove(rules.proposer(0));
        others.add(f.outsider.address());
        for (Address sender : others) {
            assertRejected(rules.checkOrigin(p, sender, 0), "not the proposer of round 0");
        }
    }

    @Test
    void eachRoundHasItsOwnProposer() {
        Proposal p = proposal(f.newBlock(1, 0), 1, f.emptyRoundChanges(1, 3));
        assertRejected(rules.checkOrigin(p, rules.proposer(0), 1), "not the proposer of round 1");
        assertAccepted(rules.checkOrigin(p, rules.proposer(1), 1));
    }

    @Test
    void aProposalForARoundBeforeTheCurrentOneIsIgnored() {
        Proposal p = proposal(f.newBlock(1, 0), 1, f.emptyRoundChanges(1, 3));
        assertRejected(rules.checkOrigin(p, rules.proposer(1), 2), "before the current round 2");
        assertAccepted(rules.checkOrigin(p, rules.proposer(1), 1));
        assertAccepted(rules.checkOrigin(p, rules.proposer(1), 0)); // a later round's proposal moves this node on
    }

    @Test
    void aProposalForAnotherHeightIsIgnored() {
        Block block = f.newBlock(0, 0);
        for (long height : new long[] {HEIGHT - 1, HEIGHT + 1}) {
            Proposal p = new Proposal(height, 0, block, List.of());
            assertRejected(rules.checkOrigin(p, rules.proposer(0), 0), "proposal for height " + height);
        }
    }

    @Test
    void aBlockThatDoesNotExtendTheParentIsRejected() {
        Address proposer = rules.proposer(0);
        Block otherParent = new Block(ConsensusFixture.header(HEIGHT, proposer, Bytes32.ZERO, 0, 1_700_000_001L), List.of());
        Block otherNumber = new Block(ConsensusFixture.header(HEIGHT + 1, proposer,
                f.newBlock(0, 0).header().parentHash(), 0, 1_700_000_001L), List.of());
        assertRejected(rules.checkProposal(proposal(otherParent, 0, List.of())), "does not extend this node's head");
        assertRejected(rules.checkProposal(proposal(otherNumber, 0, List.of())), "does not extend this node's head");
    }

    @Test
    void aRoundZeroBlockMustNameItsProposerAsCoinbase() {
        Address other = f.validators.stream().filter(v -> !v.equals(rules.proposer(0))).findFirst().orElseThrow();
        assertRejected(rules.checkProposal(proposal(f.blockBy(other, 0, 0), 0, List.of())), "coinbase is not the proposer of round 0");
    }

    @Test
    void theBlocksRoundMustBeTheProposalsRound() {
        Block roundZeroBlock = f.blockBy(rules.proposer(1), 0, 0);
        assertRejected(rules.checkProposal(proposal(roundZeroBlock, 1, f.emptyRoundChanges(1, 3))), "extraData round");
    }

    // ---- a later round needs a quorum of round changes ----

    @Test
    void aLaterRoundProposalWithAQuorumOfRoundChangesIsAccepted() {
        assertAccepted(rules.checkProposal(proposal(f.newBlock(1, 0), 1, f.emptyRoundChanges(1, 3))));
        assertAccepted(rules.checkProposal(proposal(f.newBlock(1, 0), 1, f.emptyRoundChanges(1, 4))));
    }

    @Test
    void aLaterRoundProposalWithoutAQuorumOfRoundChangesIsRejected() {
        assertRejected(rules.checkProposal(proposal(f.newBlock(1, 0), 1, List.of())), "has 0 round changes, quorum is 3");
        assertRejected(rules.checkProposal(proposal(f.newBlock(1, 0), 1, f.emptyRoundChanges(1, 2))), "has 2 round changes, quorum is 3");
    }

    @Test
    void aSenderRepeatedInTheJustificationCountsOnce() {
        SignedMessage a = roundChange(keys.get(0), 1, Optional.empty());
        SignedMessage b = roundChange(keys.get(1), 1, Optional.empty());
        assertRejected(rules.checkProposal(proposal(f.newBlock(1, 0), 1, List.of(a, b, b))), "has 2 round changes");
        assertRejected(rules.checkProposal(proposal(f.newBlock(1, 0), 1, List.of(a, a, a, a))), "has 1 round changes");
    }

    @Test
    void aRoundChangeFromANonValidatorVoidsTheJustification() {
        List<SignedMessage> justification = new ArrayList<>(f.emptyRoundChanges(1, 3));
        justification.add(roundChange(f.outsider, 1, Optional.empty()));
        assertRejected(rules.checkProposal(proposal(f.newBlock(1, 0), 1, justification)), "non-validator");
    }

    @Test
    void roundChangesForAnotherRoundOrHeightVoidTheJustification() {
        List<SignedMessage> two = f.emptyRoundChanges(1, 2);
        List<SignedMessage> wrongRound = List.of(two.get(0), two.get(1), roundChange(keys.get(2), 2, Optional.empty()));
        List<SignedMessage> wrongHeight = List.of(two.get(0), two.get(1),
                signed(keys.get(2), new RoundChange(HEIGHT + 1, 1, Optional.empty())));
        List<SignedMessage> notARoundChange = List.of(two.get(0), two.get(1),
                signed(keys.get(2), new Prepare(HEIGHT, 1, f.newBlock(1, 0).hash())));
        for (List<SignedMessage> justification : List.of(wrongRound, wrongHeight, notARoundChange)) {
            assertRejected(rules.checkProposal(proposal(f.newBlock(1, 0), 1, justification)), "not a round change for this round");
        }
    }

    @Test
    void aMalformedMessageInTheJustificationIsRejected() {
        List<SignedMessage> justification = new ArrayList<>(f.emptyRoundChanges(1, 3));
        justification.add(SignedMessage.sign(keys.get(3), Bytes.fromHexString("0xc0")));
        assertRejected(rules.checkProposal(proposal(f.newBlock(1, 0), 1, justification)), "malformed");
    }

    @Test
    void withNothingPreparedANewBlockMustComeFromTheRoundsProposer() {
        Block byRoundZeroProposer = f.blockBy(rules.proposer(0), 1, 0);
        assertRejected(rules.checkProposal(proposal(byRoundZeroProposer, 1, f.emptyRoundChanges(1, 3))),
                "coinbase is not the proposer of round 1");
    }

    // ---- a prepared block must be re-proposed ----

    @Test
    void theBlockPreparedInTheHighestRoundMustBeReProposed() {
        Block early = f.newBlock(0, 1);
        Block late = f.newBlock(1, 2);
        List<SignedMessage> justification = List.of(
                roundChange(keys.get(0), 2, Optional.of(f.certificate(early, 0))),
                roundChange(keys.get(1), 2, Optional.of(f.certificate(late, 1))),
                roundChange(keys.get(2), 2, Optional.empty()));
        assertRejected(rules.checkProposal(proposal(inRound(early, 2), 2, justification)),
                "does not re-propose the block prepared in round 1");
        assertRejected(rules.checkProposal(proposal(f.newBlock(2, 3), 2, justification)),
                "does not re-propose the block prepared in round 1");
        assertAccepted(rules.checkProposal(proposal(inRound(late, 2), 2, justification)));
        assertAccepted(rules.checkProposal(proposal(inRound(late, 2), 2, List.of(justification.get(2), justification.get(1),
                justification.get(0)))));
    }

    @Test
    void aReProposedBlockKeepsItsOriginalCoinbase() {
        Block prepared = f.newBlock(0, 1);
        List<SignedMessage> justification = List.of(
                roundChange(keys.get(0), 1, Optional.of(f.certificate(prepared, 0))),
                roundChange(keys.get(1), 1, Optional.empty()),
                roundChange(keys.get(2), 1, Optional.empty()));
        assertNotEquals(rules.proposer(1), prepared.header().coinbase());
        assertAccepted(rules.checkProposal(proposal(inRound(prepared, 1), 1, justification)));
        assertRejected(rules.checkProposal(proposal(f.newBlock(1, 2), 1, justification)), "does not re-propose");
    }

    @Test
    void aCertificateWithTooFewDistinctPreparesVoidsTheJustification() {
        Block block = f.newBlock(0, 1);
        PreparedCertificate two = new PreparedCertificate(0, block, prepares(block, 0, keys.subList(0, 2)));
        PreparedCertificate repeated = new PreparedCertificate(0, block,
                prepares(block, 0, List.of(keys.get(0), keys.get(1), keys.get(1))));
        assertAccepted(rules.checkCertificate(f.certificate(block, 0), 1));
        assertRejected(rules.checkCertificate(two, 1), "below quorum");
        assertRejected(rules.checkCertificate(repeated, 1), "below quorum");
        assertRejected(justifiedBy(block, two), "below quorum");
    }

    @Test
    void preparesForAnotherBlockDoNotCount() {
        Block block = f.newBlock(0, 1);
        Block other = f.newBlock(0, 2);
        List<SignedMessage> mixed = new ArrayList<>(prepares(block, 0, keys.subList(0, 2)));
        mixed.addAll(prepares(other, 0, keys.subList(2, 3)));
        assertRejected(rules.checkCertificate(new PreparedCertificate(0, block, mixed), 1), "below quorum");
    }

    @Test
    void preparesFromNonValidatorsDoNotCount() {
        Block block = f.newBlock(0, 1);
        PreparedCertificate withOutsider = new PreparedCertificate(0, block,
                prepares(block, 0, List.of(keys.get(0), keys.get(1), f.outsider)));
        assertRejected(rules.checkCertificate(withOutsider, 1), "below quorum");
    }

    @Test
    void preparesFromAnotherRoundOrHeightDoNotCount() {
        Block block = f.newBlock(0, 1);
        List<SignedMessage> wrongRound = new ArrayList<>(prepares(block, 1, keys.subList(0, 2)));
        wrongRound.addAll(prepares(block, 0, keys.subList(2, 3)));
        List<SignedMessage> wrongHeight = new ArrayList<>(prepares(block, 1, keys.subList(0, 2)));
        wrongHeight.add(signed(keys.get(2), new Prepare(HEIGHT + 1, 1, block.hash())));
        assertRejected(rules.checkCertificate(new PreparedCertificate(1, block, wrongRound), 2), "below quorum");
        assertRejected(rules.checkCertificate(new PreparedCertificate(1, block, wrongHeight), 2), "below quorum");
    }

    @Test
    void aCertificateMustBeFromARoundBeforeItsRoundChange() {
        Block block = f.newBlock(1, 1);
        assertAccepted(rules.checkCertificate(f.certificate(block, 1), 2));
        assertRejected(rules.checkCertificate(f.certificate(block, 1), 1), "not below");
        assertRejected(rules.checkRoundChange(new RoundChange(HEIGHT, 1, Optional.of(f.certificate(block, 1)))), "not below");
    }

    @Test
    void aCertificateForABlockAtAnotherHeightIsRejected() {
        Block block = new Block(ConsensusFixture.header(HEIGHT + 1, rules.proposer(0), Bytes32.ZERO, 0, 1_700_000_001L), List.of());
        assertRejected(rules.checkCertificate(f.certificate(block, 0), 1), "wrong height");
    }

    // ---- which round changes count at all ----

    @Test
    void roundChangesToRoundZeroAnEarlierRoundOrAnotherHeightAreIgnored() {
        assertRejected(rules.checkRoundChangeTarget(new RoundChange(HEIGHT, 0, Optional.empty()), 0), "round 0");
        assertRejected(rules.checkRoundChangeTarget(new RoundChange(HEIGHT, 1, Optional.empty()), 2), "before the current round");
        assertRejected(rules.checkRoundChangeTarget(new RoundChange(HEIGHT - 1, 3, Optional.empty()), 2), "height");
        assertAccepted(rules.checkRoundChangeTarget(new RoundChange(HEIGHT, 2, Optional.empty()), 2));
        assertAccepted(rules.checkRoundChangeTarget(new RoundChange(HEIGHT, 5, Optional.empty()), 2));
    }

    @Test
    void aRoundChangeIsAcceptedWithAValidCertificateOrNone() {
        Block block = f.newBlock(0, 1);
        assertAccepted(rules.checkRoundChange(new RoundChange(HEIGHT, 1, Optional.empty())));
        assertAccepted(rules.checkRoundChange(new RoundChange(HEIGHT, 1, Optional.of(f.certificate(block, 0)))));
        PreparedCertificate two = new PreparedCertificate(0, block, prepares(block, 0, keys.subList(0, 2)));
        assertRejected(rules.checkRoundChange(new RoundChange(HEIGHT, 1, Optional.of(two))), "below quorum");
    }

    @Test
    void theHighestPreparedRoundWins() {
        Block early = f.newBlock(0, 1);
        Block late = f.newBlock(2, 2);
        List<RoundChange> changes = List.of(
                new RoundChange(HEIGHT, 3, Optional.of(f.certificate(late, 2))),
                new RoundChange(HEIGHT, 3, Optional.empty()),
                new RoundChange(HEIGHT, 3, Optional.of(f.certificate(early, 0))));
        assertEquals(late.hash(), ProposalValidator.highestPrepared(changes).orElseThrow().block().hash());
        assertEquals(Optional.empty(), ProposalValidator.highestPrepared(List.of(new RoundChange(HEIGHT, 3, Optional.empty()))));
    }

    /** A round-1 re-proposal of {@code block} whose justification carries {@code certificate}. */
    private Optional<String> justifiedBy(Block block, PreparedCertificate certificate) {
        List<SignedMessage> justification = List.of(
                roundChange(keys.get(0), 1, Optional.of(certificate)),
                roundChange(keys.get(1), 1, Optional.empty()),
                roundChange(keys.get(2), 1, Optional.empty()));
        return rules.checkProposal(proposal(inRound(block, 1), 1, justification));
    }

    private static void assertAccepted(Optional<String> problem) {
        assertEquals(Optional.empty(), problem);
    }

    private static void assertRejected(Optional<String> problem, String why) {
        assertTrue(problem.isPresent(), "accepted, expected: " + why);
        assertTrue(problem.get().contains(why), "rejected for \"" + problem.get() + "\", expected: " + why);
    }
}
