package org.bcpki.mirror.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.CommitSeals;
import org.bcpki.core.chain.NodeKey;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.chain.QbftTestChain;
import org.bcpki.core.chain.Vote;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;
import org.junit.jupiter.api.Test;

public class VerifiedChainTest {
    public static VerifiedChain follow(TestNetwork network) {
        VerifiedChain chain = new VerifiedChain(network.genesisAnchor(), 64);
        assertEquals(List.of(), chain.start(network.chain().genesis()));
        for (BlockHeader header : network.chain().blocks().subList(1, network.chain().blocks().size())) {
            assertEquals(List.of(), chain.extend(header), "block " + header.number());
        }
        return chain;
    }

    static TestNetwork network(int validators, long epoch) {
        return new TestNetwork(validators, epoch, new RegistryState(true, 2));
    }

    @Test
    void replaysVotesAndEpochResetsLikeTheChain() {
        try (TestNetwork network = network(4, 10)) {
            NodeKey newcomer = QbftTestChain.key(4);
            List<NodeKey> keys = network.chain().validatorKeys();
            for (int i = 0; i < 3; i++) { // floor(4/2)+1 = 3 votes add the fifth validator
                network.mine(keys.get(i), Optional.of(Vote.add(newcomer.address())));
            }
            assertEquals(5, network.chain().tally().validators().size());
            network.mine(3); // sealed by the five now
            network.mine(network.chain().validatorKeys().get(0), Optional.of(Vote.remove(newcomer.address())));
            network.mine(3); // block 10 is an epoch block: the pending removal vote is cleared
            VerifiedChain chain = follow(network);
            assertEquals(network.chain().tally(), chain.tally());
            assertEquals(5, chain.tally().validators().size());
            assertTrue(chain.tally().pendingVotes().isEmpty());
            assertTrue(chain.checkpoints().stream().anyMatch(c -> c.number() == 10 && c.reason().equals("epoch")));
        }
    }

    @Test
    void rejectsEveryBrokenHeaderWithAReason() {
        try (TestNetwork network = network(4, 30_000)) {
            network.mine(3);
            VerifiedChain chain = follow(network);
            QbftTestChain c = network.chain();
            List<NodeKey> keys = c.validatorKeys();
            NodeKey proposer = keys.get(0);
            BlockHeader unsealed = c.unsealedNext(proposer, Optional.empty(), 0);

            assertRejected(chain, CommitSeals.seal(unsealed, keys.subList(0, 2)), "too few seals");
            assertRejected(chain, CommitSeals.seal(unsealed, List.of(keys.get(0), keys.get(1), QbftTestChain.key(9))),
                    "a stranger's seal");
            assertRejected(chain, CommitSeals.seal(unsealed, List.of(keys.get(0), keys.get(0), keys.get(1))), "duplicate seals");
            assertRejected(chain, unsealed, "no seals");
            BlockHeader round1 = CommitSeals.seal(c.unsealedNext(proposer, Optional.empty(), 1), keys);
            QbftExtraData extra = QbftExtraDataCodec.decode(round1.extraData());
            assertRejected(chain, round1.withExtraData(QbftExtraDataCodec.encode(extra.withRound(2))), "round changed after sealing");
            assertRejected(chain, CommitSeals.seal(unsealed.toBuilder().parentHash(BftHashing.blockHash(c.genesis())).build(), keys),
                    "fork: wrong parent");
            assertRejected(chain, CommitSeals.seal(unsealed.toBuilder().number(unsealed.number() + 1).build(), keys), "gap");
            assertRejected(chain, CommitSeals.seal(unsealed.toBuilder().timestamp(c.head().timestamp()).build(), keys),
                    "too early");
            assertRejected(chain, c.head(), "replayed head");
            assertRejected(chain, c.blocks().get(2), "replayed old header");
            QbftExtraData fewer = QbftExtraDataCodec.decode(unsealed.extraData()).withValidators(c.tally().validators().subList(0, 3));
            assertRejected(chain, CommitSeals.seal(unsealed.withExtraData(QbftExtraDataCodec.encode(fewer)), keys),
                    "extraData lists another set");
            assertRejected(chain, CommitSeals.seal(unsealed.toBuilder().coinbase(QbftTestChain.key(9).address()).build(), keys),
                    "proposer is not a validator");
            assertRejected(chain, CommitSeals.seal(unsealed.toBuilder().nonce(1).build(), keys), "nonce");
            assertRejected(chain, CommitSeals.seal(unsealed.toBuilder().difficulty(java.math.BigInteger.TWO).build(), keys),
                    "difficulty");
            assertRejected(chain, CommitSeals.seal(unsealed.toBuilder().mixHash(org.apache.tuweni.bytes.Bytes32.ZERO).build(), keys),
                    "mixHash");

            BlockHeader good = c.sealedNext(proposer, Optional.empty());
            assertEquals(List.of(), chain.extend(good));
        }
    }

    private static void assertRejected(VerifiedChain chain, BlockHeader header, String why) {
        BlockHeader headBefore = chain.head().orElseThrow();
        List<String> problems = chain.extend(header);
        assertFalse(problems.isEmpty(), why + " was accepted");
        assertEquals(headBefore, chain.head().orElseThrow(), why + " changed the head");
    }

    @Test
    void batchesKeepExactlyThePrefixBeforeTheFirstBadHeader() {
        try (TestNetwork network = network(4, 5)) {
            NodeKey newcomer = QbftTestChain.key(4);
            List<NodeKey> keys = network.chain().validatorKeys();
            for (int i = 0; i < 3; i++) {
                network.mine(keys.get(i), Optional.of(Vote.add(newcomer.address())));
            }
            network.mine(12); // sealed by five validators after the vote, epoch blocks at 5, 10, 15
            List<BlockHeader> blocks = network.chain().blocks();
            VerifiedChain whole = new VerifiedChain(network.genesisAnchor(), 64);
            whole.start(blocks.get(0));
            assertEquals(new VerifiedChain.Extension(15, List.of()), whole.extendAll(blocks.subList(1, 16)));
            assertEquals(network.chain().tally(), whole.tally());

            List<BlockHeader> broken = new java.util.ArrayList<>(blocks.subList(1, 16));
            broken.set(7, blocks.get(3)); // a replayed header in the middle of the batch
            VerifiedChain partial = new VerifiedChain(network.genesisAnchor(), 64);
            partial.start(blocks.get(0));
            VerifiedChain.Extension extension = partial.extendAll(broken);
            assertEquals(7, extension.accepted());
            assertFalse(extension.problems().isEmpty());
            assertEquals(blocks.get(7), partial.head().orElseThrow());
            assertEquals(List.of(), partial.extendAll(blocks.subList(8, 16)).problems());
            assertEquals(whole.tally(), partial.tally());
        }
    }

    @Test
    void refusesAStartThatIsNotTheAnchor() {
        try (TestNetwork network = network(4, 30_000)) {
            network.mine(1);
            VerifiedChain chain = new VerifiedChain(network.genesisAnchor(), 8);
            assertFalse(chain.start(network.chain().head()).isEmpty());
            QbftExtraData extra = QbftExtraDataCodec.decode(network.chain().genesis().extraData());
            BlockHeader otherGenesis = network.chain().genesis().withExtraData(QbftExtraDataCodec.encode(
                    extra.withValidators(extra.validators().subList(0, 3))));
            assertFalse(chain.start(otherGenesis).isEmpty());
            assertFalse(chain.started());
        }
    }

    @Test
    void fastCatchUpNeedsAThirdOfTheTrustedSetAndTwoThirdsOfItsOwn() {
        try (TestNetwork network = network(4, 30_000)) {
            VerifiedChain chain = follow(network);
            network.mine(50);
            BlockHeader far = network.chain().head();
            Instant now = Instant.ofEpochSecond(far.timestamp());
            assertFalse(chain.fastForward(far, now.plus(Duration.ofDays(2)), Duration.ofDays(1)).isEmpty(),
                    "the trusted head is older than the trusting period");

            // A chain of strangers at the same height: none of the trusted validators sealed it.
            try (TestNetwork strangers = new TestNetwork(4, 30_000, new RegistryState(true, 2))) {
                strangers.mine(50);
                // same genesis keys: use a set of four other keys instead
                QbftTestChain other = strangers.chain();
                List<NodeKey> foreign = List.of(QbftTestChain.key(20), QbftTestChain.key(21), QbftTestChain.key(22),
                        QbftTestChain.key(23));
                QbftExtraData extra = QbftExtraDataCodec.decode(other.head().extraData());
                List<org.bcpki.core.chain.Address> foreignSet = foreign.stream().map(NodeKey::address).sorted().toList();
                BlockHeader forged = other.head().toBuilder().coinbase(foreign.get(0).address())
                        .extraData(QbftExtraDataCodec.encode(new QbftExtraData(extra.vanity(), foreignSet, Optional.empty(), 0,
                                List.of()))).build();
                forged = CommitSeals.seal(forged, foreign);
                List<String> problems = chain.fastForward(forged, now, Duration.ofDays(1));
                assertTrue(problems.stream().anyMatch(p -> p.contains("(1/3)")), problems.toString());
            }

            List<String> accepted = chain.fastForward(far, now, Duration.ofDays(1));
            assertEquals(List.of(), accepted);
            assertEquals(far, chain.head().orElseThrow());
            assertTrue(chain.checkpoints().stream().anyMatch(c -> c.reason().equals("fast catch-up")));
            network.mine(2);
            for (BlockHeader next : network.chain().blocks().subList((int) far.number() + 1, network.chain().blocks().size())) {
                assertEquals(List.of(), chain.extend(next));
            }
        }
    }

    @Test
    void keepsOnlyTheLastKHeaders() {
        try (TestNetwork network = network(4, 30_000)) {
            network.mine(20);
            VerifiedChain chain = new VerifiedChain(network.genesisAnchor(), 5);
            chain.start(network.chain().genesis());
            network.chain().blocks().subList(1, 21).forEach(chain::extend);
            assertEquals(5, chain.headers().size());
            assertEquals(20, chain.head().orElseThrow().number());
            assertTrue(chain.header(15).isEmpty());
            assertTrue(chain.header(16).isPresent());
            assertEquals(Bytes.EMPTY.size(), 0);
        }
    }
}
