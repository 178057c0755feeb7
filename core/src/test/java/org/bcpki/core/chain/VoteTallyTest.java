package org.bcpki.core.chain;

import static org.bcpki.core.chain.QbftTestChain.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VoteTallyTest {
    private static final Address NEWCOMER = key(4).address();
    private static final Address V3 = key(3).address();

    private static Optional<Vote> add(Address a) {
        return Optional.of(Vote.add(a));
    }

    private static Optional<Vote> remove(Address a) {
        return Optional.of(Vote.remove(a));
    }

    @Test
    void genesisSortsTheValidatorsAndHasNoVotes() {
        VoteTally tally = VoteTally.genesis(List.of(key(2).address(), key(0).address(), key(1).address()));
        assertEquals(tally.validators().stream().sorted().toList(), tally.validators());
        assertEquals(List.of(), tally.pendingVotes());
        assertEquals(2, tally.threshold());
        assertThrows(IllegalArgumentException.class, () -> VoteTally.genesis(List.of()));
    }

    @Test
    void addsAValidatorOnceAMajorityVotes() {
        QbftTestChain chain = QbftTestChain.create(4); // threshold floor(4/2)+1 = 3
        chain.mine(key(0), add(NEWCOMER));
        chain.mine(key(1), add(NEWCOMER));
        assertFalse(chain.tally().isValidator(NEWCOMER));
        assertEquals(List.of(new PendingVote(key(0).address(), NEWCOMER, true), new PendingVote(key(1).address(), NEWCOMER, true))
                .stream().sorted(java.util.Comparator.comparing(PendingVote::proposer)).toList(), chain.tally().pendingVotes());

        BlockHeader third = chain.mine(key(2), add(NEWCOMER));
        assertTrue(chain.tally().isValidator(NEWCOMER));
        assertEquals(5, chain.tally().validators().size());
        assertEquals(List.of(), chain.tally().pendingVotes());
        // the block carrying the deciding vote was still sealed and listed under the old set
        assertEquals(4, QbftExtraDataCodec.decode(third.extraData()).validators().size());
        // and the change applies from the next block on
        BlockHeader next = chain.mine(key(4), Optional.empty());
        assertEquals(5, QbftExtraDataCodec.decode(next.extraData()).validators().size());
    }

    @Test
    void removesAValidatorOnceAMajorityVotes() {
        QbftTestChain chain = QbftTestChain.create(4);
        chain.mine(key(0), remove(V3));
        chain.mine(key(1), remove(V3));
        assertTrue(chain.tally().isValidator(V3));
        chain.mine(key(2), remove(V3));
        assertFalse(chain.tally().isValidator(V3));
        assertEquals(3, chain.tally().validators().size());
        assertEquals(2, chain.tally().threshold());
    }

    @Test
    void aProposersNewVoteOnTheSameSubjectReplacesTheOldOne() {
        QbftTestChain chain = QbftTestChain.create(4);
        chain.mine(key(0), remove(V3));
        chain.mine(key(0), remove(V3));
        chain.mine(key(1), remove(V3));
        assertTrue(chain.tally().isValidator(V3), "two distinct voters are below the threshold of 3");
        assertEquals(2, chain.tally().pendingVotes().size());
        chain.mine(key(2), remove(V3));
        assertFalse(chain.tally().isValidator(V3));
    }

    @Test
    void anEpochBlockClearsPendingVotesAndItsOwnVoteIsIgnored() {
        QbftTestChain chain = QbftTestChain.create(4, 4);
        chain.mine(key(0), add(NEWCOMER)); // 1
        chain.mine(key(1), add(NEWCOMER)); // 2
        chain.mine(key(2), Optional.empty()); // 3
        assertEquals(2, chain.tally().pendingVotes().size());
        chain.mine(key(2), add(NEWCOMER)); // 4: epoch block, would have been the third vote
        assertFalse(chain.tally().isValidator(NEWCOMER));
        assertEquals(List.of(), chain.tally().pendingVotes());
        chain.mine(key(3), add(NEWCOMER)); // 5: counting starts again
        assertEquals(1, chain.tally().pendingVotes().size());
    }

    @Test
    void aRemovedValidatorsOwnVotesAreDropped() {
        QbftTestChain chain = QbftTestChain.create(4);
        chain.mine(key(3), add(NEWCOMER));
        assertEquals(List.of(new PendingVote(V3, NEWCOMER, true)), chain.tally().pendingVotes());
        chain.mine(key(0), remove(V3));
        chain.mine(key(1), remove(V3));
        chain.mine(key(2), remove(V3));
        assertFalse(chain.tally().isValidator(V3));
        assertEquals(List.of(), chain.tally().pendingVotes(), "V3's vote for the newcomer went with it");
    }

    @Test
    void votesThatWouldChangeNothingAreIgnored() {
        QbftTestChain chain = QbftTestChain.create(4);
        VoteTally before = chain.tally();
        chain.mine(key(0), add(key(1).address()));
        assertSame(before, chain.tally());
        chain.mine(key(0), remove(NEWCOMER));
        assertSame(before, chain.tally());
        chain.mine(key(0), Optional.empty());
        assertSame(before, chain.tally());
    }

    @Test
    void votesFromANonValidatorCoinbaseAreIgnored() {
        QbftTestChain chain = QbftTestChain.create(4);
        BlockHeader rogue = chain.unsealedNext(key(9), add(NEWCOMER), 0);
        assertSame(chain.tally(), chain.tally().afterBlock(rogue, 30_000));
    }

    @Test
    void votesForOtherSubjectsDoNotCount() {
        QbftTestChain chain = QbftTestChain.create(4);
        chain.mine(key(0), add(NEWCOMER));
        chain.mine(key(1), add(key(5).address()));
        chain.mine(key(2), remove(V3));
        assertEquals(4, chain.tally().validators().size());
        assertEquals(3, chain.tally().pendingVotes().size());
    }

    @Test
    void restoresFromValidatorsAndPendingVotes() {
        QbftTestChain chain = QbftTestChain.create(4);
        chain.mine(key(0), add(NEWCOMER));
        chain.mine(key(1), add(NEWCOMER));
        VoteTally restored = VoteTally.of(chain.tally().validators(), chain.tally().pendingVotes());
        assertEquals(chain.tally(), restored);
        BlockHeader third = chain.mine(key(2), add(NEWCOMER));
        assertEquals(chain.tally(), restored.afterBlock(third, chain.epochLength()));
    }

    @Test
    void rejectsNonPositiveEpochLength() {
        QbftTestChain chain = QbftTestChain.create(4);
        assertThrows(IllegalArgumentException.class, () -> chain.tally().afterBlock(chain.genesis(), 0));
    }
}
