package org.bcpki.gateway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.bcpki.gateway.reading.ObisValue;
import org.bcpki.gateway.reading.Reading;

/**
 * The gateway's state in one SQLite database ({@code gateway.db} in the store directory): the
 * metrological log (append-only, enforced by triggers, hash-chained), accepted readings, each
 * meter's last counter and presented keys, and the WAN nonces already used. Every write is one
 * transaction with {@code synchronous=FULL}, so an acknowledged decision survives a power cut.
 * Thread-safe: one connection, serialised.
 */
public final class GatewayStore implements AutoCloseable {
    public static final String FILE_NAME = "gateway.db";

    private final Connection db;

    private GatewayStore(Connection db) {
        this.db = db;
    }

    public static GatewayStore open(Path dir) {
        try {
            Files.createDirectories(dir);
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(FILE_NAME));
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS log (
                          seq INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, kind TEXT NOT NULL,
                          subject TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT NOT NULL,
                          evidence TEXT NOT NULL, detail TEXT NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL)""");
                s.execute("CREATE TRIGGER IF NOT EXISTS log_no_update BEFORE UPDATE ON log "
                        + "BEGIN SELECT RAISE(ABORT, 'the metrological log is append-only'); END");
                s.execute("CREATE TRIGGER IF NOT EXISTS log_no_delete BEFORE DELETE ON log "
                        + "BEGIN SELECT RAISE(ABORT, 'the metrological log is append-only'); END");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS readings (
                          meter_id TEXT NOT NULL, counter INTEGER NOT NULL, time INTEGER NOT NULL, obis TEXT NOT NULL,
                          unit INTEGER NOT NULL, scaler INTEGER NOT NULL, raw INTEGER NOT NULL,
                          received_ms INTEGER NOT NULL, log_seq INTEGER NOT NULL)""");
                s.execute("CREATE INDEX IF NOT EXISTS readings_meter ON readings (meter_id, counter)");
                s.execute("CREATE TABLE IF NOT EXISTS meter_state (meter_id TEXT PRIMARY KEY, last_counter INTEGER NOT NULL)");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS meter_keys (
                          meter_id TEXT NOT NULL, key_hash BLOB NOT NULL, spki BLOB NOT NULL,
                          PRIMARY KEY (meter_id, key_hash))""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS meter_certificates (
                          meter_id TEXT NOT NULL, key_hash BLOB NOT NULL, chain BLOB NOT NULL,
                          PRIMARY KEY (meter_id, key_hash))""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS nonces (
                          subject TEXT NOT NULL, nonce TEXT NOT NULL, expires_ms INTEGER NOT NULL,
                          PRIMARY KEY (subject, nonce))""");
            }
            return new GatewayStore(db);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot open the gateway store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Appends one decision to the log. */
    public synchronized LogEntry log(LogRecord record) {
        return inTransaction(() -> append(record));
    }

    /**
     * Stores an accepted reading, advances the meter's counter and appends the acceptance to the
     * log, all in one transaction: a reading is stored if and only if its acceptance is logged.
     */
    public synchronized LogEntry accept(Reading reading, LogRecord record) {
        return inTransaction(() -> {
            LogEntry entry = append(record);
            long now = entry.timeMillis();
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO readings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (ObisValue value : reading.values()) {
                    insert.setString(1, reading.meterId());
                    insert.setLong(2, reading.counter());
                    insert.setLong(3, reading.time());
                    insert.setString(4, value.obis().toString());
                    insert.setInt(5, value.unit());
                    insert.setInt(6, value.scaler());
                    insert.setLong(7, value.raw());
                    insert.setLong(8, now);
                    insert.setLong(9, entry.seq());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement state = db.prepareStatement(
                    "INSERT INTO meter_state VALUES (?, ?) ON CONFLICT(meter_id) DO UPDATE SET last_counter = excluded.last_counter")) {
                state.setString(1, reading.meterId());
                state.setLong(2, reading.counter());
                state.executeUpdate();
            }
            return entry;
        });
    }

    public synchronized OptionalLong lastCounter(String meterId) {
        return query("SELECT last_counter FROM meter_state WHERE meter_id = ?", ps -> ps.setString(1, meterId), rs ->
                rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty());
    }

    /** Remembers a key a meter presented in full, so later readings may name it by hash. */
    public synchronized void rememberKey(String meterId, byte[] keyHash, byte[] spki) {
        inTransaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO meter_keys VALUES (?, ?, ?)")) {
                ps.setString(1, meterId);
                ps.setBytes(2, keyHash);
                ps.setBytes(3, spki);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public synchronized Optional<byte[]> knownKey(String meterId, byte[] keyHash) {
        return query("SELECT spki FROM meter_keys WHERE meter_id = ? AND key_hash = ?", ps -> {
            ps.setString(1, meterId);
            ps.setBytes(2, keyHash);
        }, rs -> rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty());
    }

    /**
     * Remembers the certificate chain (wire form) a meter presented for a key, replacing an older one
     * (a renewed certificate), so readings that name the key by hash can still be checked by X.509.
     */
    public synchronized void rememberCertificates(String meterId, byte[] keyHash, byte[] chain) {
        inTransaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO meter_certificates VALUES (?, ?, ?)")) {
                ps.setString(1, meterId);
                ps.setBytes(2, keyHash);
                ps.setBytes(3, chain);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public synchronized Optional<byte[]> knownCertificates(String meterId, byte[] keyHash) {
        return query("SELECT chain FROM meter_certificates WHERE meter_id = ? AND key_hash = ?", ps -> {
            ps.setString(1, meterId);
            ps.setBytes(2, keyHash);
        }, rs -> rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty());
    }

    /**
     * Records a WAN request nonce; false when the subject used it before and it has not expired (a
     * replay). Expired nonces are dropped: the time window refuses those requests anyway.
     */
    public synchronized boolean claimNonce(String subject, String nonce, long expiresMillis, long nowMillis) {
        return inTransaction(() -> {
            try (PreparedStatement prune = db.prepareStatement("DELETE FROM nonces WHERE expires_ms < ?")) {
                prune.setLong(1, nowMillis);
                prune.executeUpdate();
            }
            try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO nonces VALUES (?, ?, ?)")) {
                ps.setString(1, subject);
                ps.setString(2, nonce);
                ps.setLong(3, expiresMillis);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Accepted values of one meter, newest first. */
    public synchronized List<StoredReading> readings(String meterId, int limit) {
        return query("SELECT meter_id, counter, time, obis, unit, scaler, raw, received_ms, log_seq FROM readings "
                + "WHERE meter_id = ? ORDER BY counter DESC, obis LIMIT ?", ps -> {
                    ps.setString(1, meterId);
                    ps.setInt(2, limit);
                }, GatewayStore::storedReadings);
    }

    /** The values of each meter's newest accepted reading. */
    public synchronized List<StoredReading> latestReadings() {
        return query("SELECT r.meter_id, r.counter, r.time, r.obis, r.unit, r.scaler, r.raw, r.received_ms, r.log_seq "
                + "FROM readings r JOIN meter_state s ON r.meter_id = s.meter_id AND r.counter = s.last_counter "
                + "ORDER BY r.meter_id, r.obis", ps -> { }, GatewayStore::storedReadings);
    }

    /** Log entries from {@code fromSeq} on, oldest first. */
    public synchronized List<LogEntry> logEntries(long fromSeq, int limit) {
        return query("SELECT seq, time_ms, kind, subject, outcome, reason, evidence, detail, prev_hash, hash FROM log "
                + "WHERE seq >= ? ORDER BY seq LIMIT ?", ps -> {
                    ps.setLong(1, fromSeq);
                    ps.setInt(2, limit);
                }, rs -> {
                    List<LogEntry> entries = new ArrayList<>();
                    while (rs.next()) {
                        entries.add(entry(rs));
                    }
                    return entries;
                });
    }

    /** The newest log entry: its sequence number is the log's length, its hash the chain's head. */
    public synchronized Optional<LogEntry> lastLogEntry() {
        return query("SELECT seq, time_ms, kind, subject, outcome, reason, evidence, detail, prev_hash, hash FROM log "
                + "ORDER BY seq DESC LIMIT 1", ps -> { }, rs -> rs.next() ? Optional.of(entry(rs)) : Optional.<LogEntry>empty());
    }

    /** How many log entries there are per kind, outcome and reason (for status). */
    public synchronized Map<String, Long> logCounts() {
        return query("SELECT kind || ':' || outcome || CASE reason WHEN '' THEN '' ELSE ':' || reason END, COUNT(*) "
                + "FROM log GROUP BY 1 ORDER BY 1", ps -> { }, rs -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                    return counts;
                });
    }

    /** Re-computes the whole hash chain, entry by entry, in bounded memory. */
    public synchronized LogVerification verifyLog() {
        byte[] previous = LogHash.GENESIS;
        long expectedSeq = 1;
        while (true) {
            List<LogEntry> batch = logEntries(expectedSeq, 1000);
            if (batch.isEmpty()) {
                return new LogVerification(true, expectedSeq - 1, 0, "", HexFormat.of().formatHex(previous));
            }
            for (LogEntry entry : batch) {
                String problem = null;
                if (entry.seq() != expectedSeq) {
                    problem = "entry " + expectedSeq + " is missing";
                } else if (!Arrays.equals(entry.previousHash(), previous)) {
                    problem = "entry " + entry.seq() + " does not chain to the entry before it";
                } else if (!Arrays.equals(entry.hash(),
                        LogHash.of(entry.seq(), entry.timeMillis(), entry.record(), previous))) {
                    problem = "entry " + entry.seq() + " was altered (its hash does not match its content)";
                }
                if (problem != null) {
                    return new LogVerification(false, expectedSeq - 1, expectedSeq, problem,
                            HexFormat.of().formatHex(previous));
                }
                previous = entry.hash();
                expectedSeq++;
            }
        }
    }

    private LogEntry append(LogRecord record) throws SQLException {
        long seq = 1;
        byte[] previous = LogHash.GENESIS;
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq, hash FROM log ORDER BY seq DESC LIMIT 1")) {
            if (rs.next()) {
                seq = rs.getLong(1) + 1;
                previous = rs.getBytes(2);
            }
        }
        long now = System.currentTimeMillis();
        byte[] hash = LogHash.of(seq, now, record, previous);
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setLong(2, now);
            ps.setString(3, record.kind());
            ps.setString(4, record.subject());
            ps.setString(5, record.outcome());
            ps.setString(6, record.reason());
            ps.setString(7, record.evidence());
            ps.setString(8, record.detail());
            ps.setBytes(9, previous);
            ps.setBytes(10, hash);
            ps.executeUpdate();
        }
        return new LogEntry(seq, now, record, previous, hash);
    }

    private static LogEntry entry(ResultSet rs) throws SQLException {
        LogRecord record = new LogRecord(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8));
        return new LogEntry(rs.getLong(1), rs.getLong(2), record, rs.getBytes(9), rs.getBytes(10));
    }

    private static List<StoredReading> storedReadings(ResultSet rs) throws SQLException {
        List<StoredReading> readings = new ArrayList<>();
        while (rs.next()) {
            ObisValue value = new ObisValue(org.bcpki.gateway.reading.ObisCode.parse(rs.getString(4)), rs.getInt(5),
                    rs.getInt(6), rs.getLong(7));
            readings.add(new StoredReading(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                    value.value(), value.unitSymbol(), rs.getLong(8), rs.getLong(9)));
        }
        return readings;
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> T inTransaction(SqlWork<T> work) {
        try {
            db.setAutoCommit(false);
            try {
                T result = work.run();
                db.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("gateway store write failed: " + e.getMessage(), e);
        }
    }

    private <T> T query(String sql, Binder binder, Mapper<T> mapper) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return mapper.map(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("gateway store read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the gateway store", e);
        }
    }
}
