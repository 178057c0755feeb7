package org.bcpki.chain.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.exec.Log;
import org.bcpki.chain.exec.Receipt;
import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.store.Migration;
import org.bcpki.core.store.Schema;
import org.bcpki.core.store.SqliteDatabase;
import org.bcpki.core.store.SqliteSettings;
import org.bcpki.core.store.SqliteSettings.JournalMode;
import org.bcpki.core.store.SqliteSettings.Synchronous;

/**
 * The node's finalised blocks in SQLite: headers, transactions, receipts, a transaction index
 * and a log index for eth_getLogs. A block and its receipts are written in one transaction, so a
 * crash leaves either the whole block or none of it. Headers and receipts are kept without the
 * constants and blooms they can be rebuilt from ({@link StoredHeader}, {@link Receipt#encodeForStore}).
 */
public final class BlockStore implements AutoCloseable {
    /** Where a transaction sits: block number and index. */
    public record TxLocation(long blockNumber, int index) {}

    /** One log with its position, as eth_getLogs reports it. */
    public record IndexedLog(long blockNumber, Bytes32 blockHash, int txIndex, Bytes32 txHash, int logIndex, Log log) {}

    /** NORMAL, as before: in WAL mode a crash cannot corrupt the file; a power cut may lose the newest commits. */
    private static final SqliteSettings SETTINGS =
            new SqliteSettings(false, JournalMode.WAL, Synchronous.NORMAL, Duration.ofSeconds(3), false);
    private static final List<Migration> MIGRATIONS = List.of(BlockStore::schema);

    private final SqliteDatabase database;
    private final Connection db;

    public BlockStore(Path file) {
        database = SqliteDatabase.open(file, SETTINGS, MIGRATIONS);
        db = database.connection();
        try {
            db.setAutoCommit(false);
        } catch (SQLException e) {
            database.close();
            throw database.failure("start its write transactions", e);
        }
    }

    /** Migration 1, the schema as it was before versioning: idempotent, it also upgrades unversioned files. */
    private static void schema(Schema s) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS blocks (number INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE,"
                + " header BLOB NOT NULL, transactions BLOB NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS receipts (tx_hash BLOB PRIMARY KEY, block_number INTEGER NOT NULL,"
                + " tx_index INTEGER NOT NULL, receipt BLOB NOT NULL, gas_used INTEGER NOT NULL,"
                + " contract_address BLOB, revert_data BLOB)");
        s.execute("CREATE TABLE IF NOT EXISTS logs (block_number INTEGER NOT NULL, tx_index INTEGER NOT NULL,"
                + " log_index INTEGER NOT NULL, address BLOB NOT NULL, topic0 BLOB, PRIMARY KEY (block_number, log_index))");
        s.execute("CREATE INDEX IF NOT EXISTS logs_address ON logs(address, block_number)");
        s.execute("CREATE INDEX IF NOT EXISTS logs_topic0 ON logs(topic0, block_number)");
    }

    public synchronized void put(Block block, List<StoredReceipt> receipts) {
        try (PreparedStatement b = db.prepareStatement("INSERT INTO blocks VALUES (?,?,?,?)");
                PreparedStatement r = db.prepareStatement("INSERT INTO receipts VALUES (?,?,?,?,?,?,?)");
                PreparedStatement l = db.prepareStatement("INSERT INTO logs VALUES (?,?,?,?,?)")) {
            long number = block.number();
            b.setLong(1, number);
            b.setBytes(2, block.hash().toArrayUnsafe());
            b.setBytes(3, StoredHeader.encode(block.header()).toArrayUnsafe());
            b.setBytes(4, Block.encodeTransactions(block.transactions()).toArrayUnsafe());
            b.executeUpdate();
            int logIndex = 0;
            for (int i = 0; i < receipts.size(); i++) {
                StoredReceipt receipt = receipts.get(i);
                r.setBytes(1, block.transactions().get(i).hash().toArrayUnsafe());
                r.setLong(2, number);
                r.setInt(3, i);
                r.setBytes(4, receipt.receipt().encodeForStore().toArrayUnsafe());
                r.setLong(5, receipt.gasUsed());
                r.setBytes(6, receipt.contractAddress().map(Bytes::toArray).orElse(null));
                r.setBytes(7, receipt.revertData().map(Bytes::toArray).orElse(null));
                r.addBatch();
                for (Log log : receipt.receipt().logs()) {
                    l.setLong(1, number);
                    l.setInt(2, i);
                    l.setInt(3, logIndex++);
                    l.setBytes(4, log.address().toArray());
                    l.setBytes(5, log.topics().isEmpty() ? null : log.topics().get(0).toArray());
                    l.addBatch();
                }
            }
            r.executeBatch();
            l.executeBatch();
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw database.failure("store block " + block.number(), e);
        }
    }

    public synchronized OptionalLong headNumber() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(number) FROM blocks")) {
            rs.next();
            long n = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(n);
        } catch (SQLException e) {
            throw database.failure("read", e);
        }
    }

    public synchronized Optional<BlockHeader> header(long number) {
        return queryBytes("SELECT header FROM blocks WHERE number = ?", number).map(StoredHeader::decode);
    }

    public synchronized Optional<Long> numberOf(Bytes32 hash) {
        try (PreparedStatement p = db.prepareStatement("SELECT number FROM blocks WHERE hash = ?")) {
            p.setBytes(1, hash.toArrayUnsafe());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw database.failure("read", e);
        }
    }

    public synchronized Optional<Block> block(long number) {
        try (PreparedStatement p = db.prepareStatement("SELECT header, transactions FROM blocks WHERE number = ?")) {
            p.setLong(1, number);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                BlockHeader header = StoredHeader.decode(Bytes.wrap(rs.getBytes(1)));
                List<Transaction> txs = Block.decodeTransactions(Bytes.wrap(rs.getBytes(2)));
                return Optional.of(new Block(header, txs));
            }
        } catch (SQLException | InvalidTransactionException e) {
            throw database.failure("read block " + number, e);
        }
    }

    public synchronized Optional<TxLocation> location(Bytes32 txHash) {
        try (PreparedStatement p = db.prepareStatement("SELECT block_number, tx_index FROM receipts WHERE tx_hash = ?")) {
            p.setBytes(1, txHash.toArrayUnsafe());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new TxLocation(rs.getLong(1), rs.getInt(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw database.failure("read", e);
        }
    }

    public synchronized List<StoredReceipt> receipts(long blockNumber) {
        List<StoredReceipt> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(
                "SELECT receipt, gas_used, contract_address, revert_data FROM receipts WHERE block_number = ? ORDER BY tx_index")) {
            p.setLong(1, blockNumber);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    byte[] contract = rs.getBytes(3);
                    byte[] revert = rs.getBytes(4);
                    out.add(new StoredReceipt(Receipt.decode(Bytes.wrap(rs.getBytes(1))), rs.getLong(2),
                            Optional.ofNullable(contract).map(Bytes::wrap), Optional.ofNullable(revert).map(Bytes::wrap)));
                }
            }
        } catch (SQLException e) {
            throw database.failure("read", e);
        }
        return out;
    }

    /**
     * Blocks in [from, to] that hold at least one log from one of {@code addresses} (any when empty)
     * whose first topic is one of {@code topic0} (any when empty): the index narrows the blocks,
     * the caller matches the full filter.
     */
    public synchronized List<Long> blocksWithLogs(long from, long to, List<Bytes> addresses, List<Bytes32> topic0) {
        StringBuilder sql = new StringBuilder("SELECT DISTINCT block_number FROM logs WHERE block_number BETWEEN ? AND ?");
        if (!addresses.isEmpty()) {
            sql.append(" AND address IN (").append("?,".repeat(addresses.size() - 1)).append("?)");
        }
        if (!topic0.isEmpty()) {
            sql.append(" AND topic0 IN (").append("?,".repeat(topic0.size() - 1)).append("?)");
        }
        sql.append(" ORDER BY block_number");
        try (PreparedStatement p = db.prepareStatement(sql.toString())) {
            int i = 1;
            p.setLong(i++, from);
            p.setLong(i++, to);
            for (Bytes a : addresses) {
                p.setBytes(i++, a.toArray());
            }
            for (Bytes32 t : topic0) {
                p.setBytes(i++, t.toArray());
            }
            List<Long> blocks = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    blocks.add(rs.getLong(1));
                }
            }
            return blocks;
        } catch (SQLException e) {
            throw database.failure("read", e);
        }
    }

    private Optional<Bytes> queryBytes(String sql, long key) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setLong(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(Bytes.wrap(rs.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw database.failure("read", e);
        }
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the connection is unusable anyway; the original error is reported
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing on shutdown: nothing left to protect
        }
    }
}
