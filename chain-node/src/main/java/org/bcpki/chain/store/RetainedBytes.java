package org.bcpki.chain.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a node's data directory retains, by kind, never counting journals: SQLite pages as the
 * database holds them (the WAL's committed pages counted where they belong, never the WAL file),
 * and LevelDB's table files plus the key and value bytes still waiting in its journal (what a
 * flush would write; the journal's framing is not counted). Works on a running node's directory
 * (it only reads) and on a stopped one.
 *
 * <p>SQLite fields are the bytes each b-tree uses in its pages (cells, cell pointers, page
 * headers; byte-exact, so a few blocks already show their cost): {@code blocks} the blocks table
 * (headers and transaction lists), {@code blockHashIndex} its hash index, {@code receipts} the
 * receipts table, {@code txIndex} its transaction-hash index, {@code logIndex} the log table and
 * its indexes; {@code sqliteOther} is the rest of the file (free space in pages, free pages, the
 * schema), so {@link #total()} is the checkpointed file plus the state. {@code headerBytes},
 * {@code transactionBytes} and {@code receiptBytes} are the stored bytes of those columns.
 */
public record RetainedBytes(long blocks, long blockHashIndex, long receipts, long txIndex, long logIndex, long sqliteOther,
        long state, long headerBytes, long transactionBytes, long receiptBytes) {

    public static final RetainedBytes ZERO = new RetainedBytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Everything retained: SQLite pages plus LevelDB state. */
    public long total() {
        return blockStore() + state;
    }

    /** Bytes in use, without the slack of partly filled and free pages: byte-exact growth over a few items. */
    public long used() {
        return total() - sqliteOther;
    }

    /** The SQLite block store's pages (the file size once the WAL is checkpointed). */
    public long blockStore() {
        return blocks + blockHashIndex + receipts + txIndex + logIndex + sqliteOther;
    }

    public RetainedBytes minus(RetainedBytes o) {
        return new RetainedBytes(blocks - o.blocks, blockHashIndex - o.blockHashIndex, receipts - o.receipts,
                txIndex - o.txIndex, logIndex - o.logIndex, sqliteOther - o.sqliteOther, state - o.state,
                headerBytes - o.headerBytes, transactionBytes - o.transactionBytes, receiptBytes - o.receiptBytes);
    }

    /** Each field divided by {@code n} (bytes per block, per grant), in a stable order for reports. */
    public Map<String, Double> per(double n) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("total", total() / n);
        out.put("used", used() / n);
        out.put("blocks", blocks / n);
        out.put("blockHashIndex", blockHashIndex / n);
        out.put("receipts", receipts / n);
        out.put("txIndex", txIndex / n);
        out.put("logIndex", logIndex / n);
        out.put("sqliteOther", sqliteOther / n);
        out.put("state", state / n);
        out.put("headerBytes", headerBytes / n);
        out.put("transactionBytes", transactionBytes / n);
        out.put("receiptBytes", receiptBytes / n);
        return out;
    }

    /** Measures the data directory of a node ({@code blocks.sqlite} and {@code state/}). */
    public static RetainedBytes of(Path dataDir) {
        Path sqlite = dataDir.resolve("blocks.sqlite");
        if (!Files.isRegularFile(sqlite)) {
            throw new IllegalArgumentException("no block store in " + dataDir + " (expected blocks.sqlite)");
        }
        long state = LevelDbRetained.of(dataDir.resolve("state"));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = db.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            Map<String, Long> pages = new LinkedHashMap<>();
            long total;
            db.setAutoCommit(false); // one read transaction: every figure from the same snapshot
            try (ResultSet rs = s.executeQuery("SELECT name, SUM(pgsize - unused) FROM dbstat GROUP BY name")) {
                while (rs.next()) {
                    pages.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT (SELECT page_count FROM pragma_page_count()) * "
                    + "(SELECT page_size FROM pragma_page_size())")) {
                rs.next();
                total = rs.getLong(1);
            }
            long headers;
            long txs;
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(LENGTH(header)), 0), COALESCE(SUM(LENGTH(transactions)), 0) FROM blocks")) {
                rs.next();
                headers = rs.getLong(1);
                txs = rs.getLong(2);
            }
            long receiptPayload;
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(LENGTH(receipt)), 0) FROM receipts")) {
                rs.next();
                receiptPayload = rs.getLong(1);
            }
            db.rollback();
            long blocks = take(pages, "blocks");
            long hashIndex = takePrefix(pages, "sqlite_autoindex_blocks");
            long receipts = take(pages, "receipts");
            long txIndex = takePrefix(pages, "sqlite_autoindex_receipts");
            long logs = take(pages, "logs") + takePrefix(pages, "logs_") + takePrefix(pages, "sqlite_autoindex_logs");
            long other = total - blocks - hashIndex - receipts - txIndex - logs;
            return new RetainedBytes(blocks, hashIndex, receipts, txIndex, logs, other, state, headers, txs, receiptPayload);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot measure " + sqlite + ": " + e.getMessage(), e);
        }
    }

    private static long take(Map<String, Long> pages, String name) {
        Long v = pages.remove(name);
        return v == null ? 0 : v;
    }

    private static long takePrefix(Map<String, Long> pages, String prefix) {
        long sum = 0;
        for (var it = pages.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (e.getKey().startsWith(prefix)) {
                sum += e.getValue();
                it.remove();
            }
        }
        return sum;
    }

    /** LevelDB (goleveldb, as libevm uses it): table files plus the entries still in the journal. */
    static final class LevelDbRetained {
        private LevelDbRetained() {}

        static long of(Path dir) {
            if (!Files.isDirectory(dir)) {
                return 0;
            }
            try (Stream<Path> files = Files.list(dir)) {
                long sum = 0;
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    try {
                        if (name.endsWith(".ldb") || name.endsWith(".sst")) {
                            sum += Files.size(f);
                        } else if (name.endsWith(".log") && !name.equals("LOG")) {
                            sum += LevelDbJournal.entryBytes(Files.readAllBytes(f));
                        }
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // a journal or table replaced by compaction while listing: its content is in the new file
                    }
                }
                return sum;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
