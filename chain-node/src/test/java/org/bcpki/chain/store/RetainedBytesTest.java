package org.bcpki.chain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.horizen.evm.LevelDBDatabase;
import io.horizen.evm.StateDB;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.exec.EvmTypes;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.trie.MerklePatriciaTrie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedBytesTest {
    @TempDir
    Path dir;

    @Test
    void blockStorePagesAddUpToTheCheckpointedFileAndHeadersToTheirEncodings() throws Exception {
        Bytes extra = NetworkSpec.generate(4, 0, 1, 1337, 1, new SecureRandom(), FreePorts::next).genesis().extraData();
        long headerSum = 0;
        try (BlockStore store = new BlockStore(dir.resolve("blocks.sqlite"))) {
            for (int n = 0; n < 300; n++) {
                BlockHeader header = header(n, extra);
                headerSum += StoredHeader.encode(header).size();
                store.put(new Block(header, List.of()), List.of());
                if (n == 150) {
                    RetainedBytes live = RetainedBytes.of(dir); // while the store is open, its WAL not checkpointed
                    assertTrue(live.blocks() > 0 && live.headerBytes() > 0);
                }
            }
        }
        RetainedBytes r = RetainedBytes.of(dir);
        assertEquals(headerSum, r.headerBytes());
        assertEquals(300 * Block.encodeTransactions(List.of()).size(), r.transactionBytes());
        assertEquals(Files.size(dir.resolve("blocks.sqlite")), r.blockStore(), "pages = the checkpointed file");
        assertTrue(r.blocks() >= r.headerBytes(), "the table's pages hold the headers");
        assertEquals(0, r.state(), "no state directory");
    }

    @Test
    void stateCountsTheJournalsEntriesAndTheTablesAfterAFlushAlike() throws Exception {
        Path state = dir.resolve("state");
        LevelDBDatabase db = new LevelDBDatabase(state.toString());
        var contract = EvmTypes.address(Bytes.fromHexString("0x00000000000000000000000000000000000000aa"));
        try (StateDB s = new StateDB(db, EvmTypes.hash(MerklePatriciaTrie.EMPTY_ROOT))) {
            s.setNonce(contract, BigInteger.ONE);
            for (int i = 0; i < 3000; i++) {
                s.setStorage(contract, EvmTypes.hash(Bytes32.leftPad(Bytes.ofUnsignedInt(i + 1))),
                        EvmTypes.hash(Bytes32.leftPad(Bytes.ofUnsignedInt(7L * i + 1))));
            }
            s.finalizeChanges();
            s.commit();
        }
        long journal = RetainedBytes.LevelDbRetained.of(state); // still open: the trie nodes sit in the journal
        db.close();
        new LevelDBDatabase(state.toString()).close(); // reopening flushes the journal into a table
        long tables = RetainedBytes.LevelDbRetained.of(state);
        // 3000 leaves of at least 32 bytes hashed key + 32 bytes value, plus branch nodes
        assertTrue(journal > 3000 * 64, "journal entries " + journal);
        assertTrue(tables > journal / 2 && tables < journal * 3 / 2, "tables " + tables + " vs journal " + journal);
    }

    @Test
    void aDirectoryWithoutABlockStoreIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> RetainedBytes.of(dir));
        assertTrue(e.getMessage().contains("blocks.sqlite"));
    }

    @Test
    void aTornJournalTailIsNotCounted() {
        byte[] batch = new byte[12 + 1 + 1 + 3 + 1 + 5];
        int p = 12;
        batch[p++] = 1;
        batch[p++] = 3;
        p += 3;
        batch[p++] = 5;
        byte[] record = new byte[7 + batch.length];
        record[4] = (byte) batch.length;
        record[6] = 1;
        System.arraycopy(batch, 0, record, 7, batch.length);
        assertEquals(8, LevelDbJournal.entryBytes(record));
        byte[] torn = java.util.Arrays.copyOf(record, record.length - 2);
        assertEquals(0, LevelDbJournal.entryBytes(torn));
    }

    private static BlockHeader header(long n, Bytes extra) {
        return BlockHeader.builder()
                .parentHash(Bytes32.random())
                .ommersHash(BlockHeader.EMPTY_OMMERS_HASH)
                .coinbase(new Address(Bytes.wrap(new byte[20])))
                .stateRoot(Bytes32.random())
                .transactionsRoot(BlockHeader.EMPTY_TRIE_ROOT)
                .receiptsRoot(BlockHeader.EMPTY_TRIE_ROOT)
                .logsBloom(BlockHeader.EMPTY_LOGS_BLOOM)
                .difficulty(BigInteger.ONE)
                .number(n)
                .gasLimit(30_000_000)
                .gasUsed(0)
                .timestamp(1_700_000_000L + n)
                .extraData(extra)
                .mixHash(BlockHeader.QBFT_MIX_HASH)
                .nonce(0)
                .baseFee(BigInteger.ZERO)
                .withdrawalsRoot(BlockHeader.EMPTY_TRIE_ROOT)
                .build();
    }
}
