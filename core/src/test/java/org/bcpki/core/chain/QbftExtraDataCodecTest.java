package org.bcpki.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.MalformedDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QbftExtraDataCodecTest {
    /** The decoding vector from docs/qbft-besu-format.md (taken from Besu's unit tests). */
    static final Bytes VECTOR = Bytes.fromHexString(
            "0xf8f0a00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20ea94000000000000000000000000"
            + "0000000000000001940000000000000000000000000000000000000002d79400000000000000000000000000000000000000"
            + "0181ff83fedcbaf886b8410000000000000000000000000000000000000000000000000000000000000001000000000000"
            + "000000000000000000000000000000000000000000000000000a00b841000000000000000000000000000000000000000000"
            + "000000000000000000000a00000000000000000000000000000000000000000000000000000000000000010" + "0");

    static final Address A1 = Address.fromHex("0x0000000000000000000000000000000000000001");
    static final Address A2 = Address.fromHex("0x0000000000000000000000000000000000000002");

    static Bytes seal(int r, int s, int recId) {
        return Bytes.concatenate(Bytes32.leftPad(Bytes.of(r)), Bytes32.leftPad(Bytes.of(s)), Bytes.of(recId));
    }

    @Test
    void decodesTheBesuVector() {
        QbftExtraData data = QbftExtraDataCodec.decode(VECTOR);
        assertEquals(Bytes.fromHexString("0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"), data.vanity());
        assertEquals(List.of(A1, A2), data.validators());
        assertEquals(Optional.of(Vote.add(A1)), data.vote());
        assertEquals(0xFEDCBA, data.round());
        assertEquals(List.of(seal(1, 10, 0), seal(10, 1, 0)), data.seals());
    }

    @Test
    void reEncodesTheVectorByteForByte() {
        assertEquals(VECTOR, QbftExtraDataCodec.encode(QbftExtraDataCodec.decode(VECTOR)));
    }

    @Test
    void hashFormsDropSealsAndOnlyTheBlockHashFormDropsTheRound() {
        QbftExtraData data = QbftExtraDataCodec.decode(VECTOR);
        QbftExtraData forHash = QbftExtraDataCodec.decode(QbftExtraDataCodec.encodeForBlockHash(data));
        assertEquals(data.withRound(0).withSeals(List.of()), forHash);
        QbftExtraData forSeal = QbftExtraDataCodec.decode(QbftExtraDataCodec.encodeForSealDigest(data));
        assertEquals(data.withSeals(List.of()), forSeal);
        // both fields stay in the list: round 0 is 0x80, no seals is 0xc0, at the end
        assertTrue(QbftExtraDataCodec.encodeForBlockHash(data).toHexString().endsWith("80c0"));
    }

    @Test
    void noVoteIsAnEmptyListAndRemoveIsTheEmptyString() {
        QbftExtraData genesis = QbftExtraData.genesis(List.of(A2, A1));
        assertEquals(List.of(A1, A2), genesis.validators());
        Bytes encoded = QbftExtraDataCodec.encode(genesis);
        assertTrue(encoded.toHexString().endsWith("c080c0"), encoded.toHexString());
        assertEquals(genesis, QbftExtraDataCodec.decode(encoded));

        QbftExtraData remove = genesis.withVote(Optional.of(Vote.remove(A2)));
        Bytes removeEncoded = QbftExtraDataCodec.encode(remove);
        assertTrue(removeEncoded.toHexString().contains("d6940000000000000000000000000000000000000002" + "80"));
        assertEquals(remove, QbftExtraDataCodec.decode(removeEncoded));
    }

    /** The vector with item {@code index} of its list replaced by raw RLP. */
    private static Bytes rebuild(int index, Bytes rawItem) {
        List<Bytes> raw = rawItems(VECTOR);
        return RLP.encodeList(w -> {
            for (int i = 0; i < raw.size(); i++) {
                w.writeRLP(i == index ? rawItem : raw.get(i));
            }
        });
    }

    /** The raw RLP of each item of a list (test-side parser, independent of the codec). */
    static List<Bytes> rawItems(Bytes list) {
        int header = itemSize(list, 0) - payloadSize(list, 0);
        List<Bytes> out = new ArrayList<>();
        int offset = header;
        while (offset < list.size()) {
            int size = itemSize(list, offset);
            out.add(list.slice(offset, size));
            offset += size;
        }
        return out;
    }

    private static int payloadSize(Bytes b, int offset) {
        int prefix = b.get(offset) & 0xff;
        if (prefix < 0x80) return 1;
        if (prefix <= 0xb7) return prefix - 0x80;
        if (prefix < 0xc0) return b.slice(offset + 1, prefix - 0xb7).toInt();
        if (prefix <= 0xf7) return prefix - 0xc0;
        return b.slice(offset + 1, prefix - 0xf7).toInt();
    }

    private static int itemSize(Bytes b, int offset) {
        int prefix = b.get(offset) & 0xff;
        if (prefix < 0x80) return 1;
        if (prefix <= 0xb7) return 1 + prefix - 0x80;
        if (prefix < 0xc0) return 1 + (prefix - 0xb7) + b.slice(offset + 1, prefix - 0xb7).toInt();
        if (prefix <= 0xf7) return 1 + prefix - 0xc0;
        return 1 + (prefix - 0xf7) + b.slice(offset + 1, prefix - 0xf7).toInt();
    }

    @Test
    void rejectsAFourByteIbftRound() {
        Bytes ibft = rebuild(3, Bytes.fromHexString("0x8400fedcba"));
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(ibft));
        assertTrue(e.getMessage().contains("round"), e.getMessage());
        assertThrows(MalformedDataException.class,
                () -> QbftExtraDataCodec.decode(rebuild(3, Bytes.fromHexString("0x8400000000"))));
    }

    @Test
    void rejectsNonMinimalRoundZero() {
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(3, Bytes.fromHexString("0x00"))));
    }

    @Test
    void rejectsRoundBeyondInt() {
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(3, Bytes.fromHexString("0x8480000000"))));
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(3, Bytes.fromHexString("0x850100000000"))));
    }

    @Test
    void rejectsTheIbftNoVoteEncoding() {
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(2, Bytes.fromHexString("0x80"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x00", "0x01", "0x81fe", "0x82ffff", "0xc0"})
    void rejectsUnknownVoteTypes(String type) {
        Bytes vote = RLP.encodeList(w -> {
            w.writeValue(A1.value());
            w.writeRLP(Bytes.fromHexString(type));
        });
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(2, vote)));
    }

    @Test
    void rejectsVoteWithExtraItems() {
        Bytes vote = RLP.encodeList(w -> {
            w.writeValue(A1.value());
            w.writeValue(Bytes.of(0xff));
            w.writeValue(Bytes.of(1));
        });
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(2, vote)));
    }

    @Test
    void rejectsAddressesThatAreNot20Bytes() {
        Bytes validators = RLP.encodeList(w -> w.writeValue(Bytes.wrap(new byte[19])));
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(1, validators)));
        assertTrue(e.getMessage().contains("20 bytes"), e.getMessage());
        Bytes vote = RLP.encodeList(w -> {
            w.writeValue(Bytes.wrap(new byte[21]));
            w.writeValue(Bytes.of(0xff));
        });
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(2, vote)));
    }

    @Test
    void rejectsSealsThatAreNot65Bytes() {
        Bytes seals = RLP.encodeList(w -> w.writeValue(seal(1, 10, 0).slice(0, 64)));
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(4, seals)));
        assertTrue(e.getMessage().contains("65"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 27, 28, 255})
    void rejectsRecoveryIdsOtherThanZeroOrOne(int recId) {
        Bytes seals = RLP.encodeList(w -> w.writeValue(seal(1, 10, recId)));
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(4, seals)));
    }

    @Test
    void rejectsSealsWithZeroOrOutOfRangeScalars() {
        Bytes zeroR = RLP.encodeList(w -> w.writeValue(seal(0, 10, 0)));
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(4, zeroR)));
        Bytes bigS = Bytes.concatenate(Bytes32.leftPad(Bytes.of(1)),
                Bytes.wrap(Secp256k1.N.toByteArray()).trimLeadingZeros(), Bytes.of(0));
        assertThrows(MalformedDataException.class,
                () -> QbftExtraDataCodec.decode(rebuild(4, RLP.encodeList(w -> w.writeValue(bigS)))));
    }

    @Test
    void rejectsWrongListShapes() {
        List<Bytes> raw = rawItems(VECTOR);
        Bytes four = RLP.encodeList(w -> raw.subList(0, 4).forEach(w::writeRLP));
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(four));
        Bytes six = RLP.encodeList(w -> {
            raw.forEach(w::writeRLP);
            w.writeValue(Bytes.EMPTY);
        });
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(six));
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(0, RLP.encodeList(w -> {}))));
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(1, Bytes.fromHexString("0x80"))));
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(rebuild(4, Bytes.fromHexString("0x80"))));
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(RLP.encodeValue(VECTOR)));
    }

    @Test
    void rejectsTrailingBytesAndTruncation() {
        assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(Bytes.concatenate(VECTOR, Bytes.of(0))));
        for (int length = 0; length < VECTOR.size(); length++) {
            Bytes cut = VECTOR.slice(0, length);
            assertThrows(MalformedDataException.class, () -> QbftExtraDataCodec.decode(cut), "length " + length);
        }
    }
}
