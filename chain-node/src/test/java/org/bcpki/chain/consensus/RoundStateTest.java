package org.bcpki.chain.consensus;

import static org.bcpki.chain.consensus.ConsensusFixture.prepares;
import static org.bcpki.chain.consensus.ConsensusFixture.roundChange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.consensus.QbftMessage.PreparedCertificate;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.NodeKey;
import org.junit.jupiter.api.Test;

/** How a round counts prepares, commits and round changes: one per validator, for the accepted block only. */
class RoundStateTest {
    private static final int QUORUM = 3;
    private final ConsensusFixture f = new ConsensusFixture();
    private final List<NodeKey> keys = f.keys;
    private final Block block = f.newBlock(0, 1);
    private final Block other = f.newBlock(0, 2);

    @Test
    void aQuorumOfPreparesForTheAcceptedBlockPreparesIt() {
        RoundState state = accepted(block);
        List<SignedMessage> prepares = prepares(block, 0, keys.subList(0, 3));
        prepares.forEach(p -> state.addPrepare(block.hash(), p.sender(), p));
        PreparedCertificate certificate = state.preparedCertificate(QUORUM).orElseThrow();
        assertEquals(0, certificate.round());
        assertEquals(block, certificate.block());
        assertEquals(prepares, certificate.prepares()); // in arrival order: it goes on the wire
        assertEquals(Optional.empty(), f.rules.checkCertificate(certificate, 1));
    }

    @Test
    void preparesForAnotherBlockOrRepeatedSendersDoNotPrepare() {
        RoundState state = accepted(block);
        prepares(other, 0, keys.subList(0, 3)).forEach(p -> state.addPrepare(other.hash(), p.sender(), p));
        assertEquals(Optional.empty(), state.preparedCertificate(QUORUM)); // a quorum, for another block
        List<SignedMessage> two = prepares(block, 0, keys.subList(0, 2));
        two.forEach(p -> state.addPrepare(block.hash(), p.sender(), p));
        state.addPrepare(block.hash(), two.get(1).sender(), two.get(1));
        assertEquals(Optional.empty(), state.preparedCertificate(QUORUM));
        SignedMessage third = prepares(block, 0, keys.subList(2, 3)).get(0);
        state.addPrepare(block.hash(), third.sender(), third);
        assertTrue(state.preparedCertificate(QUORUM).isPresent());
    }

    @Test
    void nothingIsPreparedWithoutAnAcceptedProposal() {
        RoundState state = new RoundState(0);
        prepares(block, 0, keys).forEach(p -> state.addPrepare(block.hash(), p.sender(), p));
        assertEquals(Optional.empty(), state.preparedCertificate(QUORUM));
        keys.forEach(k -> state.addCommit(block.hash(), k.address(), seal(k, block)));
        assertEquals(List.of(), state.commitSeals(QUORUM));
    }

    @Test
    void aQuorumOfCommitsGivesTheSealsInArrivalOrder() {
        RoundState state = accepted(block);
        List<NodeKey> signers = List.of(keys.get(2), keys.get(0), keys.get(1));
        signers.forEach(k -> state.addCommit(block.hash(), k.address(), seal(k, block)));
        assertEquals(signers.stream().map(k -> seal(k, block)).toList(), state.commitSeals(QUORUM));
    }

    @Test
    void fewerThanAQuorumOfCommitsGivesNoSeals() {
        RoundState state = accepted(block);
        keys.subList(0, 2).forEach(k -> state.addCommit(block.hash(), k.address(), seal(k, block)));
        state.addCommit(block.hash(), keys.get(0).address(), seal(keys.get(0), block));
        keys.subList(2, 4).forEach(k -> state.addCommit(other.hash(), k.address(), seal(k, other)));
        assertEquals(List.of(), state.commitSeals(QUORUM));
    }

    @Test
    void aSealThatDoesNotRecoverToItsSenderIsLeftOut() {
        RoundState state = accepted(block);
        state.addCommit(block.hash(), keys.get(0).address(), seal(keys.get(0), block));
        state.addCommit(block.hash(), keys.get(1).address(), seal(keys.get(1), block));
        state.addCommit(block.hash(), keys.get(2).address(), seal(keys.get(3), block)); // someone else's seal
        state.addCommit(block.hash(), keys.get(3).address(), seal(keys.get(3), other)); // over another block
        assertEquals(List.of(seal(keys.get(0), block), seal(keys.get(1), block)), state.commitSeals(QUORUM));
    }

    @Test
    void roundChangesCountOncePerSenderAndPerRound() {
        RoundChangeManager changes = new RoundChangeManager();
        SignedMessage a = roundChange(keys.get(0), 1, Optional.empty());
        SignedMessage b = roundChange(keys.get(1), 1, Optional.empty());
        SignedMessage bLater = roundChange(keys.get(1), 2, Optional.empty());
        assertEquals(1, changes.add(1, a.sender(), a));
        assertEquals(1, changes.add(1, a.sender(), a));
        assertEquals(2, changes.add(1, b.sender(), b));
        assertEquals(1, changes.add(2, bLater.sender(), bLater));
        assertEquals(List.of(a, b), changes.forRound(1));
        assertEquals(2, changes.count(1));
        assertEquals(0, changes.count(3));
        assertEquals(List.of(), changes.forRound(3));
    }

    private static RoundState accepted(Block block) {
        RoundState state = new RoundState(0);
        state.accept(new CandidateBlock(block, null)); // execution results are not needed to count votes
        return state;
    }

    private static Bytes seal(NodeKey key, Block block) {
        return key.sign(BftHashing.sealDigest(block.header()));
    }
}
