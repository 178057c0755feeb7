package org.bcpki.gateway.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.bcpki.core.io.PrivateFiles;
import org.bcpki.core.store.Migration;
import org.bcpki.core.store.Schema;
import org.bcpki.core.store.SqliteDatabase;
import org.bcpki.core.store.SqliteSettings;
import org.bcpki.core.store.SqliteSettings.JournalMode;
import org.bcpki.core.store.SqliteSettings.Synchronous;
import org.bcpki.core.store.StoreException;
import org.bcpki.gateway.reading.ObisValue;
import org.bcpki.gateway.reading.Reading;

/**
 * The gateway's state in one SQLite database ({@code gateway.db} in the store directory), with the
 * three logs the Protection Profile keeps apart:
 * <ul>
 *   <li>the <b>metrological log</b> ({@code log}): metrological events only (accepted readings, the
 *       gateway starting and stopping); append-only (triggers) and hash-chained;</li>
 *   <li>the <b>consumer log</b> ({@code consumer_log}): which market participant received which
 *       meter's data; append-only;</li>
 *   <li>the <b>security log</b> ({@code security_log}): refused and unauthenticated traffic, a ring of
 *       at most {@link StoreLimits#maxSecurityEntries()} entries with bounded fields, so that nobody
 *       can grow the store by sending garbage (rate limiting per source is {@link SecurityLog}'s).</li>
 * </ul>
 * Besides the logs: accepted readings (with the hash of the key that signed them), the tracked meter
 * keys (key, certificates and replay counter per meter and key hash, only for accepted keys, at most
 * {@link StoreLimits#maxTrackedMeterKeys()}, least recently seen evicted; an evicted key's counter is
 * still found in its readings), the WAN nonces already used, and the highest firmware version installed
 * per device type ({@link InstalledVersion}, issue #20). Every write is one transaction with
 * {@code synchronous=FULL}, so an acknowledged decision survives a power cut. The file is owner-only
 * (0600 in a 0700 directory): it holds consumption data. Thread-safe: one connection, serialised.
 */
public final class GatewayStore implements AutoCloseable {
    public static final String FILE_NAME = "gateway.db";

    /** Holds consumption data: owner-only; every acknowledged write survives a power cut. */
    private static final SqliteSettings SETTINGS =
            new SqliteSettings(true, JournalMode.WAL, Synchronous.FULL, Duration.ofSeconds(5), false);
    private static final List<Migration> MIGRATIONS = List.of(GatewayStore::schema, GatewayStore::installedVersions);
    private static final String INSTALLED_VERSIONS =
            "SELECT type_key, manufacturer, device_role, device_type, version, release_id, log_seq FROM installed_versions";

    private final SqliteDatabase database;
    private final Connection db;
    private final StoreLimits limits;

    private GatewayStore(SqliteDatabase database, StoreLimits limits) {
        this.database = database;
        this.db = database.connection();
        this.limits = limits;
    }

    public static GatewayStore open(Path dir) {
        return open(dir, StoreLimits.DEFAULTS);
    }

    public static GatewayStore open(Path dir, StoreLimits limits) {
        try {
            PrivateFiles.directory(dir);
        } catch (IOException e) {
            throw new StoreException(dir, "create the gateway store directory owner-only (mode 0700)", e);
        }
        return new GatewayStore(SqliteDatabase.open(dir.resolve(FILE_NAME), SETTINGS, MIGRATIONS), limits);
    }

    /** Migration 1, the schema as it was before versioning: idempotent, it also upgrades unversioned files. */
    private static void schema(Schema s) throws SQLException {
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
                CREATE TABLE IF NOT EXISTS consumer_log (
                  seq INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, recipient TEXT NOT NULL,
                  meter_id TEXT NOT NULL, evidence TEXT NOT NULL, detail TEXT NOT NULL)""");
        s.execute("CREATE TRIGGER IF NOT EXISTS consumer_log_no_update BEFORE UPDATE ON consumer_log "
                + "BEGIN SELECT RAISE(ABORT, 'the consumer log is append-only'); END");
        s.execute("CREATE TRIGGER IF NOT EXISTS consumer_log_no_delete BEFORE DELETE ON consumer_log "
                + "BEGIN SELECT RAISE(ABORT, 'the consumer log is append-only'); END");
        s.execute("""
                CREATE TABLE IF NOT EXISTS security_log (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT, time_ms INTEGER NOT NULL, source TEXT NOT NULL,
                  kind TEXT NOT NULL, subject TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT NOT NULL,
                  evidence TEXT NOT NULL, detail TEXT NOT NULL)""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS readings (
                  meter_id TEXT NOT NULL, counter INTEGER NOT NULL, time INTEGER NOT NULL, obis TEXT NOT NULL,
                  unit INTEGER NOT NULL, scaler INTEGER NOT NULL, raw INTEGER NOT NULL,
                  received_ms INTEGER NOT NULL, log_seq INTEGER NOT NULL)""");
        s.addColumnIfMissing("readings", "key_hash", "BLOB"); // null in rows from before keys were counted apart
        s.execute("CREATE INDEX IF NOT EXISTS readings_meter ON readings (meter_id, counter)");
        s.execute("CREATE INDEX IF NOT EXISTS readings_meter_key ON readings (meter_id, key_hash, counter)");
        s.execute("CREATE INDEX IF NOT EXISTS readings_meter_seq ON readings (meter_id, log_seq)");
        s.execute("""
                CREATE TABLE IF NOT EXISTS tracked_keys (
                  meter_id TEXT NOT NULL, key_hash BLOB NOT NULL, spki BLOB NOT NULL, chain BLOB,
                  last_counter INTEGER NOT NULL, last_seen_seq INTEGER NOT NULL,
                  PRIMARY KEY (meter_id, key_hash))""");
        s.execute("CREATE INDEX IF NOT EXISTS tracked_keys_seen ON tracked_keys (last_seen_seq)");
        migrateMeterState(s);
        s.execute("""
                CREATE TABLE IF NOT EXISTS nonces (
                  subject TEXT NOT NULL, nonce TEXT NOT NULL, expires_ms INTEGER NOT NULL,
                  PRIMARY KEY (subject, nonce))""");
    }

    /** Migration 2 (issue #20): the highest installed firmware version per device type. */
    private static void installedVersions(Schema s) throws SQLException {
        s.execute("""
                CREATE TABLE installed_versions (
                  type_key TEXT PRIMARY KEY, manufacturer TEXT NOT NULL, device_role TEXT NOT NULL,
                  device_type TEXT NOT NULL, version INTEGER NOT NULL, release_id TEXT NOT NULL,
                  log_seq INTEGER NOT NULL)""");
    }

    /**
     * Stores written before counters were kept per key had one counter per meter and keys of
     * unverified meters; the counter carries over to each key the meter presented (never reopening a
     * replay), the old tables go.
     */
    private static void migrateMeterState(Schema s) throws SQLException {
        if (!s.tableExists("meter_state")) {
            return;
        }
        s.execute("CREATE TABLE IF NOT EXISTS meter_keys (meter_id TEXT, key_hash BLOB, spki BLOB)");
        s.execute("CREATE TABLE IF NOT EXISTS meter_certificates (meter_id TEXT, key_hash BLOB, chain BLOB)");
        s.execute("""
                INSERT OR IGNORE INTO tracked_keys
                SELECT k.meter_id, k.key_hash, k.spki, c.chain, m.last_counter, 0
                FROM meter_state m JOIN meter_keys k ON k.meter_id = m.meter_id
                LEFT JOIN meter_certificates c ON c.meter_id = k.meter_id AND c.key_hash = k.key_hash""");
        s.execute("DROP TABLE meter_state");
        s.execute("DROP TABLE meter_keys");
        s.execute("DROP TABLE meter_certificates");
    }

    public StoreLimits limits() {
        return limits;
    }

    /** Appends one metrological event to the metrological log. */
    public synchronized LogEntry log(LogRecord record) {
        return inTransaction(() -> append(record));
    }

    /**
     * Stores an accepted reading, advances the counter of the key it was signed with (remembering the
     * key and, when presented, its certificates) and appends the acceptance to the metrological log,
     * all in one transaction: a reading is stored if and only if its acceptance is logged. Keys beyond
     * the tracking bound are evicted, least recently seen first.
     */
    public synchronized LogEntry accept(Reading reading, byte[] keyHash, byte[] spki, Optional<byte[]> chain,
            LogRecord record) {
        return inTransaction(() -> {
            LogEntry entry = append(record);
            long now = entry.timeMillis();
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO readings (meter_id, counter, time, obis, unit, scaler, raw, received_ms, log_seq, key_hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
                    insert.setBytes(10, keyHash);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement state = db.prepareStatement("""
                    INSERT INTO tracked_keys VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(meter_id, key_hash) DO UPDATE SET
                      spki = excluded.spki, chain = COALESCE(excluded.chain, tracked_keys.chain),
                      last_counter = excluded.last_counter, last_seen_seq = excluded.last_seen_seq""")) {
                state.setString(1, reading.meterId());
                state.setBytes(2, keyHash);
                state.setBytes(3, spki);
                state.setBytes(4, chain.orElse(null));
                state.setLong(5, reading.counter());
                state.setLong(6, entry.seq()); // strictly increasing, unlike the clock
                state.executeUpdate();
            }
            try (PreparedStatement evict = db.prepareStatement("""
                    DELETE FROM tracked_keys WHERE rowid IN (SELECT rowid FROM tracked_keys ORDER BY last_seen_seq
                      LIMIT max(0, (SELECT COUNT(*) FROM tracked_keys) - ?))""")) {
                evict.setInt(1, limits.maxTrackedMeterKeys());
                evict.executeUpdate();
            }
            return entry;
        });
    }

    /**
     * Appends an accepted install to the metrological log and raises its device type's installed
     * version to it, in one transaction: the record exists if and only if its acceptance is logged,
     * and it is never lowered (a re-install of the same version updates it, an older one cannot).
     */
    public synchronized LogEntry logInstall(LogRecord record, InstalledVersion installed) {
        return inTransaction(() -> {
            LogEntry entry = append(record);
            try (PreparedStatement upsert = db.prepareStatement("""
                    INSERT INTO installed_versions VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(type_key) DO UPDATE SET
                      version = excluded.version, release_id = excluded.release_id, log_seq = excluded.log_seq
                    WHERE excluded.version >= installed_versions.version""")) {
                upsert.setString(1, installed.typeKey());
                upsert.setString(2, installed.manufacturer());
                upsert.setString(3, installed.deviceRole());
                upsert.setString(4, installed.deviceType());
                upsert.setLong(5, installed.version());
                upsert.setString(6, installed.releaseId());
                upsert.setLong(7, entry.seq());
                upsert.executeUpdate();
            }
            return entry;
        });
    }

    /** The highest version installed for the device type {@code typeKey} (0x hex), if any. */
    public synchronized Optional<InstalledVersion> installedVersion(String typeKey) {
        return query(INSTALLED_VERSIONS + " WHERE type_key = ?", ps -> ps.setString(1, typeKey),
                rs -> rs.next() ? Optional.of(installedVersion(rs)) : Optional.<InstalledVersion>empty());
    }

    /** Every device type with an installed version, by device type name. */
    public synchronized List<InstalledVersion> installedVersions() {
        return query(INSTALLED_VERSIONS + " ORDER BY device_type, type_key", ps -> { }, rs -> {
            List<InstalledVersion> out = new ArrayList<>();
            while (rs.next()) {
                out.add(installedVersion(rs));
            }
            return out;
        });
    }

    private static InstalledVersion installedVersion(ResultSet rs) throws SQLException {
        return new InstalledVersion(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getLong(7));
    }

    /** The key, certificates and last accepted counter of one meter key, if the gateway tracks it. */
    public synchronized Optional<TrackedKey> trackedKey(String meterId, byte[] keyHash) {
        return query("SELECT spki, chain, last_counter FROM tracked_keys WHERE meter_id = ? AND key_hash = ?", ps -> {
            ps.setString(1, meterId);
            ps.setBytes(2, keyHash);
        }, rs -> rs.next()
                ? Optional.of(new TrackedKey(meterId, keyHash.clone(), rs.getBytes(1), Optional.ofNullable(rs.getBytes(2)),
                        rs.getLong(3)))
                : Optional.<TrackedKey>empty());
    }

    /**
     * The highest counter accepted for a meter key: from the tracked keys, or, for a key evicted from
     * them, from the stored readings, so that eviction never reopens a replay.
     */
    public synchronized OptionalLong lastCounter(String meterId, byte[] keyHash) {
        Optional<TrackedKey> tracked = trackedKey(meterId, keyHash);
        if (tracked.isPresent()) {
            return OptionalLong.of(tracked.get().lastCounter());
        }
        return query("SELECT MAX(counter) FROM readings WHERE meter_id = ? AND key_hash = ?", ps -> {
            ps.setString(1, meterId);
            ps.setBytes(2, keyHash);
        }, rs -> {
            long max = rs.next() ? rs.getLong(1) : 0;
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(max);
        });
    }

    /** How many meter keys the gateway tracks (never above {@link StoreLimits#maxTrackedMeterKeys()}). */
    public synchronized long trackedKeyCount() {
        return query("SELECT COUNT(*) FROM tracked_keys", ps -> { }, rs -> rs.next() ? rs.getLong(1) : 0L);
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

    /** Appends to the consumer log: {@code recipient} was given {@code meterId}'s data. */
    public synchronized ConsumerLogEntry logConsumerAccess(String recipient, String meterId, String evidence,
            String detail) {
        return inTransaction(() -> {
            long now = System.currentTimeMillis();
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO consumer_log (time_ms, recipient, meter_id, evidence, detail) VALUES (?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, now);
                ps.setString(2, recipient);
                ps.setString(3, meterId);
                ps.setString(4, evidence);
                ps.setString(5, detail);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return new ConsumerLogEntry(keys.getLong(1), now, recipient, meterId, evidence, detail);
                }
            }
        });
    }

    public synchronized List<ConsumerLogEntry> consumerLogEntries(long fromSeq, int limit) {
        return query("SELECT seq, time_ms, recipient, meter_id, evidence, detail FROM consumer_log WHERE seq >= ? "
                + "ORDER BY seq LIMIT ?", ps -> {
                    ps.setLong(1, fromSeq);
                    ps.setInt(2, limit);
                }, rs -> {
                    List<ConsumerLogEntry> entries = new ArrayList<>();
                    while (rs.next()) {
                        entries.add(new ConsumerLogEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6)));
                    }
                    return entries;
                });
    }

    public synchronized long consumerLogCount() {
        return query("SELECT COUNT(*) FROM consumer_log", ps -> { }, rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /**
     * Appends to the security log's ring: fields are cut to the configured length and the oldest
     * entries beyond the ring's size are overwritten. Rate limiting is the caller's ({@link SecurityLog}).
     */
    public synchronized SecurityEntry appendSecurity(String source, LogRecord record) {
        int max = limits.maxSecurityFieldChars();
        LogRecord cut = new LogRecord(cut(record.kind(), max), cut(record.subject(), max), cut(record.outcome(), max),
                cut(record.reason(), max), cut(record.evidence(), max), cut(record.detail(), max));
        String from = cut(source, max);
        return inTransaction(() -> {
            long now = System.currentTimeMillis();
            long seq;
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO security_log (time_ms, source, kind, subject, "
                    + "outcome, reason, evidence, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, now);
                ps.setString(2, from);
                ps.setString(3, cut.kind());
                ps.setString(4, cut.subject());
                ps.setString(5, cut.outcome());
                ps.setString(6, cut.reason());
                ps.setString(7, cut.evidence());
                ps.setString(8, cut.detail());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    seq = keys.getLong(1);
                }
            }
            try (PreparedStatement ring = db.prepareStatement("DELETE FROM security_log WHERE seq <= ?")) {
                ring.setLong(1, seq - limits.maxSecurityEntries());
                ring.executeUpdate();
            }
            return new SecurityEntry(seq, now, from, cut);
        });
    }

    /** Security log entries from {@code fromSeq} on (older ones may have been overwritten), oldest first. */
    public synchronized List<SecurityEntry> securityEntries(long fromSeq, int limit) {
        return query("SELECT seq, time_ms, source, kind, subject, outcome, reason, evidence, detail FROM security_log "
                + "WHERE seq >= ? ORDER BY seq LIMIT ?", ps -> {
                    ps.setLong(1, fromSeq);
                    ps.setInt(2, limit);
                }, rs -> {
                    List<SecurityEntry> entries = new ArrayList<>();
                    while (rs.next()) {
                        entries.add(new SecurityEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), new LogRecord(
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                rs.getString(9))));
                    }
                    return entries;
                });
    }

    /** Entries in the security log's ring now. */
    public synchronized long securityLogCount() {
        return query("SELECT COUNT(*) FROM security_log", ps -> { }, rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /** Entries ever written to the security log (the ring holds the newest of them). */
    public synchronized long securityLogWritten() {
        return query("SELECT seq FROM sqlite_sequence WHERE name = 'security_log'", ps -> { },
                rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Accepted values of one meter, newest first. */
    public synchronized List<StoredReading> readings(String meterId, int limit) {
        return query("SELECT meter_id, counter, time, obis, unit, scaler, raw, received_ms, log_seq FROM readings "
                + "WHERE meter_id = ? ORDER BY log_seq DESC, obis LIMIT ?", ps -> {
                    ps.setString(1, meterId);
                    ps.setInt(2, limit);
                }, GatewayStore::storedReadings);
    }

    /** The values of each meter's newest accepted reading. */
    public synchronized List<StoredReading> latestReadings() {
        return query("SELECT r.meter_id, r.counter, r.time, r.obis, r.unit, r.scaler, r.raw, r.received_ms, r.log_seq "
                + "FROM readings r WHERE r.log_seq = (SELECT MAX(x.log_seq) FROM readings x WHERE x.meter_id = r.meter_id) "
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
            throw database.failure("write", e);
        }
    }

    private <T> T query(String sql, Binder binder, Mapper<T> mapper) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return mapper.map(rs);
            }
        } catch (SQLException e) {
            throw database.failure("read", e);
        }
    }

    @Override
    public synchronized void close() {
        database.close();
    }
}
