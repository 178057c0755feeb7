package org.bcpki.chain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.exec.Log;
import org.bcpki.chain.exec.LogsBloom;
import org.bcpki.chain.exec.Receipt;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.junit.jupiter.api.Test;

class StoredHeaderTest {
    @Test
    void anEmptyBlocksHeaderIsKeptWithoutItsConstantsAndReadsBackIdentical() {
        BlockHeader header = builder().build();
        Bytes full = BlockHeaderCodec.encode(header);
        Bytes stored = StoredHeader.encode(header);
        assertTrue(full.size() - stored.size() >= 420, full.size() + " vs " + stored.size());
        BlockHeader back = StoredHeader.decode(stored);
        assertEquals(full, BlockHeaderCodec.encode(back));
    }

    @Test
    void fieldsThatDifferFromTheConstantsAreKeptAsTheyAre() {
        Bytes bloom = LogsBloom.of(List.of(new Log(Bytes.fromHexString("0x00000000000000000000000000000000000000aa"),
                List.of(Bytes32.random()), Bytes.EMPTY)));
        BlockHeader header = builder().transactionsRoot(Bytes32.random()).receiptsRoot(Bytes32.random()).logsBloom(bloom)
                .nonce(7).build();
        BlockHeader back = StoredHeader.decode(StoredHeader.encode(header));
        assertEquals(BlockHeaderCodec.encode(header), BlockHeaderCodec.encode(back));
    }

    @Test
    void fullHeadersWrittenBeforeReadUnchanged() {
        BlockHeader header = builder().build();
        assertEquals(BlockHeaderCodec.encode(header), BlockHeaderCodec.encode(StoredHeader.decode(BlockHeaderCodec.encode(header))));
    }

    @Test
    void receiptsAreStoredWithoutTheirBloomAndReadBackWithIt() {
        Log log = new Log(Bytes.fromHexString("0x00000000000000000000000000000000000000aa"), List.of(Bytes32.random()),
                Bytes.fromHexString("0x01020304"));
        for (Receipt receipt : List.of(Receipt.of(2, true, 21_000, List.of(log)), Receipt.of(0, false, 50_000, List.of()))) {
            Bytes stored = receipt.encodeForStore();
            assertTrue(receipt.encode().size() - stored.size() >= 256, "the 256-byte bloom is not stored");
            Receipt back = Receipt.decode(stored);
            assertEquals(receipt.encode(), back.encode());
            assertEquals(receipt, Receipt.decode(receipt.encode()));
        }
    }

    private static BlockHeader.Builder builder() {
        return BlockHeader.builder()
                .parentHash(Bytes32.random())
                .coinbase(new Address(Bytes.wrap(new byte[20])))
                .stateRoot(Bytes32.random())
                .difficulty(BigInteger.ONE)
                .number(42)
                .gasLimit(30_000_000)
                .gasUsed(0)
                .timestamp(1_700_000_000L)
                .extraData(Bytes.random(300))
                .nonce(0)
                .baseFee(BigInteger.ZERO)
                .withdrawalsRoot(BlockHeader.EMPTY_TRIE_ROOT);
    }
}
