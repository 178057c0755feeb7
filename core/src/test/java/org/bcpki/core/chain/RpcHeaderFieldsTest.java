package org.bcpki.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.codec.Hex;
import org.junit.jupiter.api.Test;

class RpcHeaderFieldsTest {
    /** The fields a node puts in an {@code eth_getBlockByNumber} answer for {@code header}. */
    static Map<String, String> fieldsOf(BlockHeader header) {
        Map<String, String> f = new HashMap<>();
        f.put("parentHash", header.parentHash().toHexString());
        f.put("sha3Uncles", header.ommersHash().toHexString());
        f.put("miner", header.coinbase().value().toHexString());
        f.put("stateRoot", header.stateRoot().toHexString());
        f.put("transactionsRoot", header.transactionsRoot().toHexString());
        f.put("receiptsRoot", header.receiptsRoot().toHexString());
        f.put("logsBloom", header.logsBloom().toHexString());
        f.put("difficulty", Hex.quantity(header.difficulty()));
        f.put("number", Hex.quantity(header.number()));
        f.put("gasLimit", Hex.quantity(header.gasLimit()));
        f.put("gasUsed", Hex.quantity(header.gasUsed()));
        f.put("timestamp", Hex.quantity(header.timestamp()));
        f.put("extraData", header.extraData().toHexString());
        f.put("mixHash", header.mixHash().toHexString());
        f.put("nonce", Bytes.ofUnsignedLong(header.nonce()).toHexString());
        if (header.baseFee() != null) {
            f.put("baseFeePerGas", Hex.quantity(header.baseFee()));
        }
        if (header.withdrawalsRoot() != null) {
            f.put("withdrawalsRoot", header.withdrawalsRoot().toHexString());
        }
        f.put("hash", BftHashing.blockHash(header).toHexString());
        return f;
    }

    @Test
    void rebuildsPreLondonLondonAndShanghaiHeaders() {
        for (BlockHeader header : new BlockHeader[] {BlockHeaderCodecTest.sample(null, null),
                BlockHeaderCodecTest.sample(BigInteger.valueOf(7), null),
                BlockHeaderCodecTest.sample(BigInteger.ZERO, BlockHeader.EMPTY_TRIE_ROOT)}) {
            assertEquals(header, RpcHeaderFields.parse(fieldsOf(header)::get));
        }
    }

    @Test
    void aFieldThatDoesNotHashToTheReportedHashIsRefused() {
        Map<String, String> fields = fieldsOf(BlockHeaderCodecTest.sample(BigInteger.valueOf(7), null));
        fields.put("gasUsed", "0x1");
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> RpcHeaderFields.parse(fields::get));
        assertTrue(e.getMessage().contains("reports hash"), e.getMessage());
    }

    @Test
    void aBaseFeeLeftOutChangesTheHashAndIsRefused() {
        Map<String, String> fields = fieldsOf(BlockHeaderCodecTest.sample(BigInteger.valueOf(7), null));
        fields.remove("baseFeePerGas");
        assertThrows(MalformedDataException.class, () -> RpcHeaderFields.parse(fields::get));
    }

    @Test
    void missingOrNonCanonicalFieldsAreNamed() {
        Map<String, String> missing = fieldsOf(BlockHeaderCodecTest.sample(null, null));
        missing.remove("stateRoot");
        assertEquals("stateRoot is missing",
                assertThrows(MalformedDataException.class, () -> RpcHeaderFields.parse(missing::get)).getMessage());
        Map<String, String> padded = fieldsOf(BlockHeaderCodecTest.sample(null, null));
        padded.put("number", "0x04d2".replace("0x", "0x0"));
        assertTrue(assertThrows(MalformedDataException.class, () -> RpcHeaderFields.parse(padded::get))
                .getMessage().contains("leading zeros"));
    }
}
