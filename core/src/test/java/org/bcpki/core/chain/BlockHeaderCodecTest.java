package org.bcpki.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.MalformedDataException;
import org.junit.jupiter.api.Test;

class BlockHeaderCodecTest {
    static BlockHeader sample(BigInteger baseFee, Bytes32 withdrawalsRoot) {
        return BlockHeader.builder()
                .parentHash(Bytes32.fromHexString("0x11"))
                .coinbase(QbftTestChain.key(0).address())
                .stateRoot(Bytes32.fromHexString("0x22"))
                .number(1234)
                .gasLimit(30_000_000)
                .gasUsed(21_000)
                .timestamp(1_700_000_123L)
                .extraData(QbftExtraDataCodec.encode(QbftExtraData.genesis(List.of(QbftTestChain.key(0).address()))))
                .baseFee(baseFee)
                .withdrawalsRoot(withdrawalsRoot)
                .build();
    }

    static int fieldCount(Bytes rlp) {
        return QbftExtraDataCodecTest.rawItems(rlp).size();
    }

    @Test
    void roundTripsPreLondonHeaderWith15Fields() {
        BlockHeader header = sample(null, null);
        Bytes encoded = BlockHeaderCodec.encode(header);
        assertEquals(15, fieldCount(encoded));
        BlockHeader decoded = BlockHeaderCodec.decode(encoded);
        assertEquals(header, decoded);
        assertNull(decoded.baseFee());
        assertEquals(encoded, BlockHeaderCodec.encode(decoded));
    }

    @Test
    void roundTripsLondonHeaderWith16Fields() {
        BlockHeader header = sample(BigInteger.valueOf(7), null);
        Bytes encoded = BlockHeaderCodec.encode(header);
        assertEquals(16, fieldCount(encoded));
        assertEquals(header, BlockHeaderCodec.decode(encoded));
        assertEquals(encoded, BlockHeaderCodec.encode(BlockHeaderCodec.decode(encoded)));
    }

    @Test
    void roundTripsShanghaiHeaderWith17Fields() {
        BlockHeader header = sample(BigInteger.ZERO, BlockHeader.EMPTY_TRIE_ROOT);
        Bytes encoded = BlockHeaderCodec.encode(header);
        assertEquals(17, fieldCount(encoded));
        assertEquals(header, BlockHeaderCodec.decode(encoded));
        assertEquals(encoded, BlockHeaderCodec.encode(BlockHeaderCodec.decode(encoded)));
    }

    @Test
    void encodesScalarsMinimallyAndTheNonceAsEightBytes() {
        List<Bytes> fields = QbftExtraDataCodecTest.rawItems(BlockHeaderCodec.encode(sample(BigInteger.ZERO, null)));
        assertEquals(Bytes.fromHexString("0x01"), fields.get(7)); // difficulty 1
        assertEquals(Bytes.fromHexString("0x8204d2"), fields.get(8)); // number 1234
        assertEquals(Bytes.fromHexString("0x880000000000000000"), fields.get(14)); // nonce 0
        assertEquals(Bytes.fromHexString("0x80"), fields.get(15)); // baseFee 0
        BlockHeader bigNonce = sample(null, null).toBuilder().nonce(-1L).build();
        assertEquals(bigNonce, BlockHeaderCodec.decode(BlockHeaderCodec.encode(bigNonce)));
    }

    @Test
    void theConstantsAreTheKnownHashes() {
        assertEquals(BlockHeader.EMPTY_OMMERS_HASH, BftHashing.keccak(RLP.encodeList(w -> {})));
        assertEquals(BlockHeader.EMPTY_TRIE_ROOT, BftHashing.keccak(RLP.encodeValue(Bytes.EMPTY)));
        assertEquals("tical byzantine fault tolerance",
                new String(BlockHeader.QBFT_MIX_HASH.slice(1).toArrayUnsafe(), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void withdrawalsRootRequiresBaseFee() {
        assertThrows(MalformedDataException.class, () -> sample(null, Bytes32.ZERO));
    }

    /** Re-encodes the sample's 16 fields with one replaced by raw RLP. */
    static Bytes headerWith(int index, Bytes rawField) {
        List<Bytes> fields = QbftExtraDataCodecTest.rawItems(BlockHeaderCodec.encode(sample(BigInteger.ONE, null)));
        return RLP.encodeList(w -> {
            for (int i = 0; i < fields.size(); i++) {
                w.writeRLP(i == index ? rawField : fields.get(i));
            }
        });
    }

    @Test
    void rejectsNonMinimalScalars() {
        assertEquals(sample(BigInteger.ONE, null), BlockHeaderCodec.decode(headerWith(8, Bytes.fromHexString("0x8204d2"))));
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> BlockHeaderCodec.decode(headerWith(8, Bytes.fromHexString("0x830004d2"))));
        assertTrue(e.getMessage().contains("number"), e.getMessage());
        assertThrows(MalformedDataException.class, () -> BlockHeaderCodec.decode(headerWith(10, Bytes.fromHexString("0x00"))));
        assertThrows(MalformedDataException.class, () -> BlockHeaderCodec.decode(headerWith(15, Bytes.fromHexString("0x820001"))));
    }

    @Test
    void rejectsScalarsThatDoNotFitALong() {
        assertThrows(MalformedDataException.class,
                () -> BlockHeaderCodec.decode(headerWith(11, Bytes.fromHexString("0x888000000000000000"))));
        assertThrows(MalformedDataException.class,
                () -> BlockHeaderCodec.decode(headerWith(9, Bytes.fromHexString("0x89010000000000000000"))));
    }

    @Test
    void rejectsWrongFieldSizes() {
        assertThrows(MalformedDataException.class, () -> BlockHeaderCodec.decode(headerWith(2, RLP.encodeValue(Bytes.wrap(new byte[19])))));
        assertThrows(MalformedDataException.class, () -> BlockHeaderCodec.decode(headerWith(0, RLP.encodeValue(Bytes.wrap(new byte[31])))));
        assertThrows(MalformedDataException.class, () -> BlockHeaderCodec.decode(headerWith(6, RLP.encodeValue(Bytes.wrap(new byte[255])))));
        assertThrows(MalformedDataException.class, () -> BlockHeaderCodec.decode(headerWith(14, RLP.encodeValue(Bytes.wrap(new byte[7])))));
        assertThrows(MalformedDataException.class, () -> BlockHeaderCodec.decode(headerWith(12, RLP.encodeList(w -> {}))));
    }

    @Test
    void rejectsWrongFieldCounts() {
        List<Bytes> fields = QbftExtraDataCodecTest.rawItems(BlockHeaderCodec.encode(sample(BigInteger.ONE, Bytes32.ZERO)));
        Bytes eighteen = RLP.encodeList(w -> {
            fields.forEach(w::writeRLP);
            w.writeValue(Bytes.EMPTY);
        });
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> BlockHeaderCodec.decode(eighteen));
        assertTrue(e.getMessage().contains("17"), e.getMessage());
        Bytes fourteen = RLP.encodeList(w -> fields.subList(0, 14).forEach(w::writeRLP));
        assertThrows(MalformedDataException.class, () -> BlockHeaderCodec.decode(fourteen));
    }

    @Test
    void rejectsTrailingBytesAndNonLists() {
        Bytes encoded = BlockHeaderCodec.encode(sample(null, null));
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> BlockHeaderCodec.decode(Bytes.concatenate(encoded, Bytes.of(0x80))));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
        assertThrows(MalformedDataException.class, () -> BlockHeaderCodec.decode(RLP.encodeValue(encoded)));
        assertThrows(MalformedDataException.class, () -> BlockHeaderCodec.decode(Bytes.EMPTY));
    }

    @Test
    void decodesARealSealedHeader() {
        QbftTestChain chain = QbftTestChain.create(4);
        BlockHeader sealed = chain.mine(QbftTestChain.key(1), Optional.of(Vote.add(QbftTestChain.key(7).address())));
        assertEquals(sealed, BlockHeaderCodec.decode(BlockHeaderCodec.encode(sealed)));
    }
}
