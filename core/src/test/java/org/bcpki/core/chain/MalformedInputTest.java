package org.bcpki.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.MutableBytes;
import org.bcpki.core.MalformedDataException;
import org.junit.jupiter.api.Test;

/** Whatever the bytes, decoding either succeeds or throws MalformedDataException, nothing else. */
class MalformedInputTest {
    private static final BlockHeader SEALED = QbftTestChain.create(4)
            .mineEmpty(1)
            .mine(QbftTestChain.key(1), Optional.of(Vote.remove(QbftTestChain.key(3).address())));
    private static final Bytes ENCODED = BlockHeaderCodec.encode(SEALED);

    @Test
    void everyTruncationOfASealedHeaderIsMalformed() {
        for (int length = 0; length < ENCODED.size(); length++) {
            Bytes cut = ENCODED.slice(0, length);
            assertThrows(MalformedDataException.class, () -> BlockHeaderCodec.decode(cut), "length " + length);
        }
        assertEquals(SEALED, BlockHeaderCodec.decode(ENCODED));
    }

    @Test
    void everyTruncationOfItsExtraDataIsMalformed() {
        Bytes extra = SEALED.extraData();
        for (int length = 0; length < extra.size(); length++) {
            Bytes cut = extra.slice(0, length);
            assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(cut), "length " + length);
            BlockHeader header = SEALED.withExtraData(cut);
            assertThrows(MalformedDataException.class, () -> BftHashing.blockHash(header));
            assertThrows(MalformedDataException.class, () -> CommitSeals.signers(header));
            assertThrows(MalformedDataException.class, () -> VoteTally.genesis(java.util.List.of(SEALED.coinbase()))
                    .afterBlock(header, 30_000));
        }
    }

    @Test
    void randomBytesNeverEscapeAsAnotherException() {
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = new byte[random.nextInt(600)];
            random.nextBytes(bytes);
            if (i % 3 == 0 && bytes.length > 2) {
                bytes[0] = (byte) (0xf9); // a long list header makes the decoder go deeper
                bytes[1] = (byte) (bytes.length >> 8);
                bytes[2] = (byte) bytes.length;
            }
            Bytes input = Bytes.wrap(bytes);
            onlyMalformed(input, BlockHeaderCodec::decode);
            onlyMalformed(input, QbftExtraDataCodec::decode);
        }
    }

    @Test
    void mutatedHeadersAndExtraDataNeverEscapeAsAnotherException() {
        Random random = new Random(11);
        for (int i = 0; i < 1000; i++) {
            MutableBytes header = ENCODED.mutableCopy();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                header.set(random.nextInt(header.size()), (byte) random.nextInt(256));
            }
            onlyMalformed(header, BlockHeaderCodec::decode);
            MutableBytes extra = SEALED.extraData().mutableCopy();
            extra.set(random.nextInt(extra.size()), (byte) random.nextInt(256));
            onlyMalformed(extra, QbftExtraDataCodec::decode);
            // a decodable but mangled header must also hash and recover without surprises
            onlyMalformed(SEALED.withExtraData(extra), CommitSeals::signers);
        }
    }

    private static <T> void onlyMalformed(Bytes input, Function<Bytes, T> decoder) {
        try {
            decoder.apply(input);
        } catch (MalformedDataException expected) {
            // fine
        } catch (RuntimeException e) {
            fail("input " + input.toHexString() + " raised " + e, e);
        }
    }

    private static <T> void onlyMalformed(BlockHeader header, Function<BlockHeader, T> function) {
        try {
            function.apply(header);
        } catch (MalformedDataException expected) {
            // fine
        } catch (RuntimeException e) {
            fail("header extraData " + header.extraData().toHexString() + " raised " + e, e);
        }
    }
}
