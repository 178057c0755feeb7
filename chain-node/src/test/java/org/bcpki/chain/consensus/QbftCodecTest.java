package org.bcpki.chain.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.chain.fuzz.RawRlp;
import org.bcpki.chain.fuzz.WireFixtures;
import org.bcpki.core.MalformedDataException;
import org.junit.jupiter.api.Test;

/** Regression tests for what fuzzing QbftCodec (issue #17) found: decoding is strict, so it is exact. */
class QbftCodecTest {
    private static final Bytes PREPARE = WireFixtures.QBFT_MESSAGES.get("prepare");
    private static final Bytes COMMIT = WireFixtures.QBFT_MESSAGES.get("commit");
    private static final Bytes ROUND_CHANGE = WireFixtures.QBFT_MESSAGES.get("round-change-empty");
    private static final Bytes PREPARED_ROUND_CHANGE = WireFixtures.QBFT_MESSAGES.get("round-change-prepared");

    @Test
    void everyMessageKindReencodesToItsBytes() {
        for (Map.Entry<String, Bytes> e : WireFixtures.QBFT_MESSAGES.entrySet()) {
            assertEquals(e.getValue(), QbftCodec.encode(QbftCodec.decode(e.getValue())), e.getKey());
        }
    }

    @Test
    void aMessageWithTrailingItemsOrBytesIsRejected() {
        assertRejected(RawRlp.withExtraItem(PREPARE, Bytes.of(0x80)));
        assertRejected(Bytes.concatenate(PREPARE, Bytes.of(0)));
        assertRejected(RawRlp.withExtraItem(PREPARED_ROUND_CHANGE, RLP.encodeList(w -> { })));
    }

    @Test
    void aRoundChangeWithoutAPreparedBlockThatCarriesPreparedDataIsRejected() {
        assertRejected(RawRlp.withItem(ROUND_CHANGE, 4, RLP.encodeInt(3))); // flag 0, prepared round 3
        List<Bytes> prepared = RawRlp.items(PREPARED_ROUND_CHANGE);
        assertRejected(RawRlp.withItem(ROUND_CHANGE, 5, prepared.get(5))); // flag 0 with a block
        assertRejected(RawRlp.withItem(ROUND_CHANGE, 6, prepared.get(6))); // flag 0 with prepares
    }

    @Test
    void aPreparedFlagOtherThanZeroOrOneIsRejected() {
        assertRejected(RawRlp.withItem(ROUND_CHANGE, 3, RLP.encodeInt(2)));
        assertRejected(RawRlp.withItem(PREPARED_ROUND_CHANGE, 3, RLP.encodeInt(2)));
    }

    @Test
    void aPreparedRoundOrRoundBeyondAnIntIsRejected() {
        Bytes allOnes = RLP.encodeValue(Bytes.fromHexString("0xffffffff")); // read as -1 before
        assertRejected(RawRlp.withItem(PREPARED_ROUND_CHANGE, 4, allOnes));
        assertRejected(RawRlp.withItem(PREPARE, 2, allOnes));
    }

    @Test
    void aCommitSealThatIsNotASignatureIsRejected() {
        assertRejected(RawRlp.withItem(COMMIT, 4, RLP.encodeValue(Bytes.wrap(new byte[10]))));
        assertRejected(RawRlp.withItem(COMMIT, 4, RLP.encodeValue(Bytes.wrap(new byte[65]))));
    }

    @Test
    void aDigestThatIsNot32BytesIsRejected() {
        assertRejected(RawRlp.withItem(PREPARE, 3, RLP.encodeValue(Bytes.wrap(new byte[31]))));
    }

    private static void assertRejected(Bytes encoded) {
        assertThrows(MalformedDataException.class, () -> QbftCodec.decode(encoded), encoded.toHexString());
    }
}
