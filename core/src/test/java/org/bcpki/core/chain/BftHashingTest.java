package org.bcpki.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.junit.jupiter.api.Test;

class BftHashingTest {
    private final QbftTestChain chain = QbftTestChain.create(4);

    private static BlockHeader replaceExtra(BlockHeader header, QbftExtraData extra) {
        return header.withExtraData(QbftExtraDataCodec.encode(extra));
    }

    @Test
    void blockHashIsTheKeccakOfTheHeaderWithRoundZeroAndNoSeals() {
        BlockHeader sealed = chain.mine(QbftTestChain.key(0), Optional.empty());
        QbftExtraData extra = QbftExtraDataCodec.decode(sealed.extraData()).withRound(5);
        BlockHeader roundFive = replaceExtra(sealed, extra);
        Bytes expectedPreimage = BlockHeaderCodec.encode(
                roundFive.withExtraData(QbftExtraDataCodec.encode(extra.withRound(0).withSeals(List.of()))));
        assertEquals(BftHashing.keccak(expectedPreimage), BftHashing.blockHash(roundFive));
    }

    @Test
    void sealDigestIsTheKeccakOfTheHeaderWithTheRealRoundAndNoSeals() {
        BlockHeader sealed = chain.mine(QbftTestChain.key(0), Optional.empty());
        QbftExtraData extra = QbftExtraDataCodec.decode(sealed.extraData()).withRound(5);
        BlockHeader roundFive = replaceExtra(sealed, extra);
        Bytes expectedPreimage = BlockHeaderCodec.encode(
                roundFive.withExtraData(QbftExtraDataCodec.encode(extra.withSeals(List.of()))));
        assertEquals(BftHashing.keccak(expectedPreimage), BftHashing.sealDigest(roundFive));
    }

    @Test
    void theHashesDifferOnlyThroughRoundAndSeals() {
        BlockHeader sealed = chain.mine(QbftTestChain.key(0), Optional.of(Vote.add(QbftTestChain.key(9).address())));
        QbftExtraData extra = QbftExtraDataCodec.decode(sealed.extraData());
        BlockHeader unsealed = replaceExtra(sealed, extra.withSeals(List.of()));

        // seals change neither hash
        assertEquals(BftHashing.blockHash(unsealed), BftHashing.blockHash(sealed));
        assertEquals(BftHashing.sealDigest(unsealed), BftHashing.sealDigest(sealed));
        // at round 0 both preimages are the same
        assertEquals(BftHashing.blockHash(sealed), BftHashing.sealDigest(sealed));

        // the round changes the seal digest but not the block hash
        BlockHeader round3 = replaceExtra(sealed, extra.withRound(3));
        assertEquals(BftHashing.blockHash(sealed), BftHashing.blockHash(round3));
        assertNotEquals(BftHashing.sealDigest(sealed), BftHashing.sealDigest(round3));
        assertNotEquals(BftHashing.blockHash(round3), BftHashing.sealDigest(round3));

        // anything else changes both
        BlockHeader otherTime = sealed.toBuilder().timestamp(sealed.timestamp() + 1).build();
        assertNotEquals(BftHashing.blockHash(sealed), BftHashing.blockHash(otherTime));
        assertNotEquals(BftHashing.sealDigest(sealed), BftHashing.sealDigest(otherTime));
        BlockHeader otherVote = replaceExtra(sealed, extra.withVote(Optional.empty()));
        assertNotEquals(BftHashing.blockHash(sealed), BftHashing.blockHash(otherVote));
    }

    @Test
    void genesisIsHashedWithItsRawExtraData() {
        BlockHeader genesis = chain.genesis();
        assertEquals(BftHashing.keccak(BlockHeaderCodec.encode(genesis)), BftHashing.blockHash(genesis));
        // even when its extraData is not in block-hash form (or not QBFT at all)
        QbftExtraData extra = QbftExtraDataCodec.decode(genesis.extraData()).withRound(2);
        BlockHeader odd = replaceExtra(genesis, extra);
        assertEquals(BftHashing.keccak(BlockHeaderCodec.encode(odd)), BftHashing.blockHash(odd));
        BlockHeader raw = genesis.withExtraData(Bytes.fromHexString("0x1234"));
        assertEquals(BftHashing.keccak(BlockHeaderCodec.encode(raw)), BftHashing.blockHash(raw));
    }

    @Test
    void chainLinksThroughBlockHashes() {
        chain.mineEmpty(3);
        List<BlockHeader> blocks = chain.blocks();
        for (int i = 1; i < blocks.size(); i++) {
            assertEquals(BftHashing.blockHash(blocks.get(i - 1)), blocks.get(i).parentHash());
        }
    }

    @Test
    void nonGenesisWithBadExtraDataIsMalformed() {
        BlockHeader bad = chain.mine(QbftTestChain.key(0), Optional.empty()).withExtraData(Bytes.fromHexString("0x1234"));
        assertThrows(MalformedDataException.class, () -> BftHashing.blockHash(bad));
        assertThrows(MalformedDataException.class, () -> BftHashing.sealDigest(bad));
    }
}
