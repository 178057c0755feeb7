package org.bcpki.authority;

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
import org.bcpki.core.store.Migration;
import org.bcpki.core.store.Schema;
import org.bcpki.core.store.SqliteDatabase;
import org.bcpki.core.store.SqliteSettings.JournalMode;
import org.bcpki.core.store.SqliteSettings.Synchronous;
import org.bcpki.core.store.SqliteSettings;
import org.bcpki.core.store.StoreException;

/**
 * The service's state in SQLite: challenges, request nonces (replay protection), grant requests
 * with this authority's decision and transaction hashes, and revocations. One connection,
 * serialised access: the service's load is a few requests per second at most.
 */
public final class AuthorityStore implements AutoCloseable {

    /** Where a grant request is in its on-chain life, as far as this authority is concerned. */
    public enum GrantState {
        /** Accepted by policy; not yet filed on chain. */
        ACCEPTED,
        /** requestGrant mined (by us or anyone); our approval not yet sent. */
        FILED,
        /** Our approval is on chain; waiting for k approvals. */
        APPROVED,
        /** The registry activated the grant. */
        ACTIVE,
        /** The registry closed the request (too many rejections). */
        CLOSED,
        /** The registry refused our transaction for good (reason says which rule). */
        FAILED,
        /**
         * A new key for a subject with an ACTIVE or SUSPENDED grant, without the holder's rotation
         * proof: waits for this authority's operator (finding 1); nothing is sent meanwhile.
         */
        HELD,
        /** This authority's operator refused a held re-key; this authority never approves it. */
        REJECTED;

        public boolean needsChainWork() {
            return this == ACCEPTED || this == FILED || this == APPROVED;
        }
    }

    /** RETRYING: the node refused for a temporary reason; retried until sealed (finding 6). */
    public enum RevocationState { ACCEPTED, VOTED, REVOKED, FAILED, RETRYING }

    /** One grant request as stored. */
    public record GrantRow(String id, String callerKeyId, String subjectId, int role, int algorithm,
                           byte[] publicKey, String keyHash, String attestationHash, long notBefore, long notAfter,
                           GrantState state, String reason, String requestTx, String approveTx,
                           long createdAt, long updatedAt, Retry retry, String checkedKeyHash) {
        /** A new row: no attempts yet, checked against {@code checkedKeyHash} (null: no current key). */
        public GrantRow(String id, String callerKeyId, String subjectId, int role, int algorithm, byte[] publicKey,
                        String keyHash, String attestationHash, long notBefore, long notAfter, GrantState state,
                        String reason, String requestTx, String approveTx, long createdAt, long updatedAt) {
            this(id, callerKeyId, subjectId, role, algorithm, publicKey, keyHash, attestationHash, notBefore, notAfter,
                    state, reason, requestTx, approveTx, createdAt, updatedAt, Retry.NONE, null);
        }
    }

    /** Temporary failures of a piece of on-chain work: how often, the last error, when to try again. */
    public record Retry(int attempts, String lastError, long nextAttemptAt) {
        public static final Retry NONE = new Retry(0, null, 0);
    }

    public record RevocationRow(long id, String callerKeyId, String subjectId, String reason, RevocationState state,
                                String failure, String tx, long createdAt, long updatedAt, Retry retry) {}

    /** An operator's decision on a held re-key, as the append-only audit table keeps it. */
    public record OperatorDecision(long id, String requestId, String operatorKeyId, long decidedAt, boolean approved,
                                   String reason, String requestHash) {}

    /**
     * Owner-only (finding 10); nonces and decisions survive a power cut. The busy timeout is the
     * driver's default, which the store ran with before it was set here.
     */
    private static final SqliteSettings SETTINGS =
            new SqliteSettings(true, JournalMode.WAL, Synchronous.FULL, Duration.ofSeconds(3), false);
    private static final List<Migration> MIGRATIONS = List.of(AuthorityStore::schema, AuthorityStore::releaseEvidence);

    private final Connection connection;

    private AuthorityStore(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (or creates, 0600) the database. Its errors are {@link StoreException}s; the query
     * methods below throw {@link SQLException}, which their callers handle apart from their own
     * runtime failures.
     */
    public static AuthorityStore open(Path database) {
        return new AuthorityStore(SqliteDatabase.open(database, SETTINGS, MIGRATIONS).connection());
    }

    /** Migration 1, the schema as it was before versioning: idempotent, it also upgrades unversioned files. */
    private static void schema(Schema s) throws SQLException {
        s.execute("""
                CREATE TABLE IF NOT EXISTS challenges (
                  challenge TEXT PRIMARY KEY, caller_key_id TEXT NOT NULL,
                  expires_at INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0)""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS request_nonces (
                  caller_key_id TEXT NOT NULL, nonce TEXT NOT NULL, expires_at INTEGER NOT NULL,
                  PRIMARY KEY (caller_key_id, nonce))""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS grant_requests (
                  id TEXT PRIMARY KEY, caller_key_id TEXT NOT NULL, subject_id TEXT NOT NULL,
                  role INTEGER NOT NULL, algorithm INTEGER NOT NULL, public_key BLOB NOT NULL,
                  key_hash TEXT NOT NULL, attestation_hash TEXT NOT NULL,
                  not_before INTEGER NOT NULL, not_after INTEGER NOT NULL,
                  state TEXT NOT NULL, reason TEXT, request_tx TEXT, approve_tx TEXT,
                  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS revocations (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, caller_key_id TEXT NOT NULL,
                  subject_id TEXT NOT NULL, reason TEXT NOT NULL, state TEXT NOT NULL,
                  failure TEXT, tx TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)""");
        s.addColumnIfMissing("grant_requests", "attempts", "INTEGER NOT NULL DEFAULT 0");
        s.addColumnIfMissing("grant_requests", "last_error", "TEXT");
        s.addColumnIfMissing("grant_requests", "next_attempt_at", "INTEGER NOT NULL DEFAULT 0");
        s.addColumnIfMissing("grant_requests", "checked_key_hash", "TEXT");
        s.addColumnIfMissing("grant_requests", "close_pending", "INTEGER NOT NULL DEFAULT 0");
        s.addColumnIfMissing("revocations", "attempts", "INTEGER NOT NULL DEFAULT 0");
        s.addColumnIfMissing("revocations", "last_error", "TEXT");
        s.addColumnIfMissing("revocations", "next_attempt_at", "INTEGER NOT NULL DEFAULT 0");
        // The operators' decisions on held re-keys: append-only, enforced by SQLite itself.
        s.execute("""
                CREATE TABLE IF NOT EXISTS operator_decisions (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL, operator_key_id TEXT NOT NULL,
                  decided_at INTEGER NOT NULL, decision TEXT NOT NULL CHECK (decision IN ('APPROVE', 'REJECT')),
                  reason TEXT NOT NULL, request_hash TEXT NOT NULL)""");
        s.execute("""
                CREATE TRIGGER IF NOT EXISTS operator_decisions_no_update BEFORE UPDATE ON operator_decisions
                BEGIN SELECT RAISE(ABORT, 'operator_decisions is append-only'); END""");
        s.execute("""
                CREATE TRIGGER IF NOT EXISTS operator_decisions_no_delete BEFORE DELETE ON operator_decisions
                BEGIN SELECT RAISE(ABORT, 'operator_decisions is append-only'); END""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS checkpoints (
                  number INTEGER PRIMARY KEY, digest TEXT NOT NULL, tx TEXT, created_at INTEGER NOT NULL)""");
    }

    /**
     * Migration 2: what this authority was asked about releases and what it answered (issue #20),
     * refusals included, append-only. release_id is null when the bundle did not parse; checks is
     * a JSON array of {check, passed, detail} in the order they ran.
     */
    private static void releaseEvidence(Schema s) throws SQLException {
        s.execute("""
                CREATE TABLE release_evidence (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, release_id TEXT,
                  action TEXT NOT NULL CHECK (action IN ('APPROVE', 'REVOKE')), operator_key_id TEXT NOT NULL,
                  bundle BLOB, manufacturer_key_hash TEXT, checks TEXT NOT NULL,
                  outcome TEXT NOT NULL CHECK (outcome IN ('VOTED', 'REFUSED', 'FAILED')), error TEXT, reason TEXT,
                  approval_signature_hash TEXT, tx TEXT, block INTEGER,
                  received_at INTEGER NOT NULL, decided_at INTEGER NOT NULL)""");
        s.execute("CREATE INDEX release_evidence_by_release ON release_evidence (release_id)");
        s.execute("""
                CREATE TRIGGER release_evidence_no_update BEFORE UPDATE ON release_evidence
                BEGIN SELECT RAISE(ABORT, 'release_evidence is append-only'); END""");
        s.execute("""
                CREATE TRIGGER release_evidence_no_delete BEFORE DELETE ON release_evidence
                BEGIN SELECT RAISE(ABORT, 'release_evidence is append-only'); END""");
    }

    // ------------------------------------------------------------------ release evidence

    /** One release request and this authority's answer; {@code id} is 0 before it is stored. */
    public record ReleaseEvidence(long id, String releaseId, String action, String operatorKeyId, byte[] bundle,
                                  String manufacturerKeyHash, String checks, String outcome, String error, String reason,
                                  String approvalSignatureHash, String tx, Long block, long receivedAt, long decidedAt) {}

    public synchronized long recordReleaseEvidence(ReleaseEvidence e) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("""
                INSERT INTO release_evidence (release_id, action, operator_key_id, bundle, manufacturer_key_hash, checks,
                  outcome, error, reason, approval_signature_hash, tx, block, received_at, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, e.releaseId());
            p.setString(2, e.action());
            p.setString(3, e.operatorKeyId());
            p.setBytes(4, e.bundle());
            p.setString(5, e.manufacturerKeyHash());
            p.setString(6, e.checks());
            p.setString(7, e.outcome());
            p.setString(8, e.error());
            p.setString(9, e.reason());
            p.setString(10, e.approvalSignatureHash());
            p.setString(11, e.tx());
            p.setObject(12, e.block());
            p.setLong(13, e.receivedAt());
            p.setLong(14, e.decidedAt());
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static Long nullableLong(ResultSet r, String column) throws SQLException {
        long value = r.getLong(column);
        return r.wasNull() ? null : value;
    }

    /** The evidence kept for {@code releaseId} (0x, lower case), oldest first. */
    public synchronized List<ReleaseEvidence> releaseEvidence(String releaseId) throws SQLException {
        List<ReleaseEvidence> rows = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT * FROM release_evidence WHERE release_id = ? ORDER BY id")) {
            p.setString(1, releaseId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.add(new ReleaseEvidence(r.getLong("id"), r.getString("release_id"), r.getString("action"),
                            r.getString("operator_key_id"), r.getBytes("bundle"), r.getString("manufacturer_key_hash"),
                            r.getString("checks"), r.getString("outcome"), r.getString("error"), r.getString("reason"),
                            r.getString("approval_signature_hash"), r.getString("tx"), nullableLong(r, "block"),
                            r.getLong("received_at"), r.getLong("decided_at")));
                }
            }
        }
        return rows;
    }

    // ------------------------------------------------------------------ challenges and nonces

    public synchronized void addChallenge(String challenge, String callerKeyId, long expiresAt) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO challenges (challenge, caller_key_id, expires_at) VALUES (?, ?, ?)")) {
            p.setString(1, challenge);
            p.setString(2, callerKeyId);
            p.setLong(3, expiresAt);
            p.executeUpdate();
        }
    }

    /** Marks the challenge used if it was issued to this caller, is unused and not expired. */
    public synchronized boolean consumeChallenge(String challenge, String callerKeyId, long now) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "UPDATE challenges SET used = 1 WHERE challenge = ? AND caller_key_id = ? AND used = 0 AND expires_at >= ?")) {
            p.setString(1, challenge);
            p.setString(2, callerKeyId);
            p.setLong(3, now);
            return p.executeUpdate() == 1;
        }
    }

    /** Records a request nonce; false when this caller already used it (a replay). */
    public synchronized boolean rememberNonce(String callerKeyId, String nonce, long expiresAt, long now) throws SQLException {
        try (PreparedStatement purge = connection.prepareStatement("DELETE FROM request_nonces WHERE expires_at < ?")) {
            purge.setLong(1, now);
            purge.executeUpdate();
        }
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT OR IGNORE INTO request_nonces (caller_key_id, nonce, expires_at) VALUES (?, ?, ?)")) {
            p.setString(1, callerKeyId);
            p.setString(2, nonce);
            p.setLong(3, expiresAt);
            return p.executeUpdate() == 1;
        }
    }

    // ------------------------------------------------------------------ grant requests

    /**
     * Accepts a new request atomically: an existing request with the same id is returned as it is
     * (a retry, even one racing the first submission); otherwise the caller's challenge is consumed
     * (refused when unknown, used, expired or someone else's) and the request stored.
     */
    public synchronized InsertResult acceptGrant(GrantRow row, String challenge, long now) throws SQLException {
        Optional<GrantRow> existing = grant(row.id());
        if (existing.isPresent()) {
            return new InsertResult(existing.get(), false);
        }
        if (!consumeChallenge(challenge, row.callerKeyId(), now)) {
            throw ApiException.policy("challenge unknown, expired, already used or issued to another caller");
        }
        return insertGrant(row);
    }

    /** Inserts the request unless its id exists; returns the stored row either way. */
    public synchronized InsertResult insertGrant(GrantRow row) throws SQLException {
        Optional<GrantRow> existing = grant(row.id());
        if (existing.isPresent()) {
            return new InsertResult(existing.get(), false);
        }
        try (PreparedStatement p = connection.prepareStatement("""
                INSERT INTO grant_requests (id, caller_key_id, subject_id, role, algorithm, public_key, key_hash,
                  attestation_hash, not_before, not_after, state, reason, request_tx, approve_tx, created_at, updated_at,
                  checked_key_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            p.setString(1, row.id());
            p.setString(2, row.callerKeyId());
            p.setString(3, row.subjectId());
            p.setInt(4, row.role());
            p.setInt(5, row.algorithm());
            p.setBytes(6, row.publicKey());
            p.setString(7, row.keyHash());
            p.setString(8, row.attestationHash());
            p.setLong(9, row.notBefore());
            p.setLong(10, row.notAfter());
            p.setString(11, row.state().name());
            p.setString(12, row.reason());
            p.setString(13, row.requestTx());
            p.setString(14, row.approveTx());
            p.setLong(15, row.createdAt());
            p.setLong(16, row.updatedAt());
            p.setString(17, row.checkedKeyHash());
            p.executeUpdate();
        }
        return new InsertResult(row, true);
    }

    public record InsertResult(GrantRow row, boolean created) {}

    public synchronized Optional<GrantRow> grant(String id) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT * FROM grant_requests WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(grantRow(r)) : Optional.empty();
            }
        }
    }

    public synchronized List<GrantRow> grantsNeedingChainWork() throws SQLException {
        List<GrantRow> rows = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT * FROM grant_requests WHERE state IN ('ACCEPTED', 'FILED', 'APPROVED') ORDER BY created_at, id")) {
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.add(grantRow(r));
                }
            }
        }
        return rows;
    }

    /** Moves a request to {@code state}, keeping earlier tx hashes when the new ones are null. */
    public synchronized void updateGrant(String id, GrantState state, String reason, String requestTx, String approveTx,
                                         long now) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("""
                UPDATE grant_requests SET state = ?, reason = COALESCE(?, reason),
                  request_tx = COALESCE(?, request_tx), approve_tx = COALESCE(?, approve_tx), updated_at = ?
                WHERE id = ?""")) {
            p.setString(1, state.name());
            p.setString(2, reason);
            p.setString(3, requestTx);
            p.setString(4, approveTx);
            p.setLong(5, now);
            p.setString(6, id);
            p.executeUpdate();
        }
        clearRetry("grant_requests", id);
    }

    /** Records a temporary failure of a request's on-chain step; the row keeps its state. */
    public synchronized void retryGrant(String id, String error, long nextAttemptAt, long now) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("""
                UPDATE grant_requests SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, updated_at = ?
                WHERE id = ?""")) {
            p.setString(1, error);
            p.setLong(2, nextAttemptAt);
            p.setLong(3, now);
            p.setString(4, id);
            p.executeUpdate();
        }
    }

    private void clearRetry(String table, Object id) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "UPDATE " + table + " SET next_attempt_at = 0 WHERE id = ?")) {
            p.setObject(1, id);
            p.executeUpdate();
        }
    }

    /** Marks (or clears) an expired request whose closing on chain is still to be done. */
    public synchronized void setClosePending(String id, boolean pending) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("UPDATE grant_requests SET close_pending = ? WHERE id = ?")) {
            p.setInt(1, pending ? 1 : 0);
            p.setString(2, id);
            p.executeUpdate();
        }
    }

    /** Expired requests this service marked FAILED whose close on chain has not landed yet. */
    public synchronized List<GrantRow> grantsToClose() throws SQLException {
        List<GrantRow> rows = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT * FROM grant_requests WHERE close_pending = 1 ORDER BY created_at, id")) {
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.add(grantRow(r));
                }
            }
        }
        return rows;
    }

    /**
     * Records an operator's decision on a HELD request and moves it on, in one transaction: to
     * ACCEPTED (checked against {@code currentKeyHash}, the on-chain key at decision time) or to
     * REJECTED. Refused when the request is not (or no longer) HELD.
     */
    public synchronized OperatorDecision decide(String requestId, String operatorKeyId, boolean approve, String reason,
                                                String requestHash, String currentKeyHash, long now) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement p = connection.prepareStatement("""
                    UPDATE grant_requests SET state = ?, reason = ?, checked_key_hash = ?, updated_at = ?
                    WHERE id = ? AND state = 'HELD'""")) {
                p.setString(1, approve ? GrantState.ACCEPTED.name() : GrantState.REJECTED.name());
                p.setString(2, (approve ? "re-key approved by operator " : "re-key rejected by operator ")
                        + operatorKeyId + ": " + reason);
                p.setString(3, currentKeyHash);
                p.setLong(4, now);
                p.setString(5, requestId);
                if (p.executeUpdate() != 1) {
                    throw new ApiException(409, "conflict", "request " + requestId + " is not held for a decision");
                }
            }
            long id;
            try (PreparedStatement p = connection.prepareStatement("""
                    INSERT INTO operator_decisions (request_id, operator_key_id, decided_at, decision, reason, request_hash)
                    VALUES (?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, requestId);
                p.setString(2, operatorKeyId);
                p.setLong(3, now);
                p.setString(4, approve ? "APPROVE" : "REJECT");
                p.setString(5, reason);
                p.setString(6, requestHash);
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            connection.commit();
            return new OperatorDecision(id, requestId, operatorKeyId, now, approve, reason, requestHash);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The audit trail of a request's operator decisions, oldest first. */
    public synchronized List<OperatorDecision> decisions(String requestId) throws SQLException {
        List<OperatorDecision> rows = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT * FROM operator_decisions WHERE request_id = ? ORDER BY id")) {
            p.setString(1, requestId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.add(new OperatorDecision(r.getLong("id"), r.getString("request_id"),
                            r.getString("operator_key_id"), r.getLong("decided_at"), r.getString("decision").equals("APPROVE"),
                            r.getString("reason"), r.getString("request_hash")));
                }
            }
        }
        return rows;
    }

    /** Runs {@code sql} against the audit table (tests prove it refuses changes). */
    synchronized void executeForTest(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    public synchronized int countPendingChainWork() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("""
                     SELECT (SELECT COUNT(*) FROM grant_requests WHERE state IN ('ACCEPTED', 'FILED', 'APPROVED'))
                          + (SELECT COUNT(*) FROM revocations WHERE state IN ('ACCEPTED', 'RETRYING'))""")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    /** Revocations accepted from an operator and not yet sealed in a block (reported loudly). */
    public synchronized int countUnsealedRevocations() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM revocations WHERE state IN ('ACCEPTED', 'RETRYING')")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    /** Grant requests held for an operator's decision. */
    public synchronized int countHeldGrants() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM grant_requests WHERE state = 'HELD'")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private static GrantRow grantRow(ResultSet r) throws SQLException {
        return new GrantRow(r.getString("id"), r.getString("caller_key_id"), r.getString("subject_id"),
                r.getInt("role"), r.getInt("algorithm"), r.getBytes("public_key"), r.getString("key_hash"),
                r.getString("attestation_hash"), r.getLong("not_before"), r.getLong("not_after"),
                GrantState.valueOf(r.getString("state")), r.getString("reason"), r.getString("request_tx"),
                r.getString("approve_tx"), r.getLong("created_at"), r.getLong("updated_at"), retry(r),
                r.getString("checked_key_hash"));
    }

    private static Retry retry(ResultSet r) throws SQLException {
        return new Retry(r.getInt("attempts"), r.getString("last_error"), r.getLong("next_attempt_at"));
    }

    // ------------------------------------------------------------------ revocations

    public synchronized RevocationRow insertRevocation(String callerKeyId, String subjectId, String reason, long now)
            throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("""
                INSERT INTO revocations (caller_key_id, subject_id, reason, state, created_at, updated_at)
                VALUES (?, ?, ?, 'ACCEPTED', ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, callerKeyId);
            p.setString(2, subjectId);
            p.setString(3, reason);
            p.setLong(4, now);
            p.setLong(5, now);
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return revocation(keys.getLong(1)).orElseThrow();
            }
        }
    }

    public synchronized Optional<RevocationRow> revocation(long id) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT * FROM revocations WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(revocationRow(r)) : Optional.empty();
            }
        }
    }

    public synchronized List<RevocationRow> revocationsNeedingChainWork() throws SQLException {
        List<RevocationRow> rows = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT * FROM revocations WHERE state IN ('ACCEPTED', 'RETRYING') ORDER BY id")) {
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.add(revocationRow(r));
                }
            }
        }
        return rows;
    }

    public synchronized void updateRevocation(long id, RevocationState state, String failure, String tx, long now)
            throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "UPDATE revocations SET state = ?, failure = COALESCE(?, failure), tx = COALESCE(?, tx), updated_at = ? WHERE id = ?")) {
            p.setString(1, state.name());
            p.setString(2, failure);
            p.setString(3, tx);
            p.setLong(4, now);
            p.setLong(5, id);
            p.executeUpdate();
        }
        clearRetry("revocations", id);
    }

    /** Records a temporary failure of a revocation: RETRYING until it is sealed. */
    public synchronized void retryRevocation(long id, String error, long nextAttemptAt, long now) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("""
                UPDATE revocations SET state = 'RETRYING', attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                  updated_at = ? WHERE id = ?""")) {
            p.setString(1, error);
            p.setLong(2, nextAttemptAt);
            p.setLong(3, now);
            p.setLong(4, id);
            p.executeUpdate();
        }
    }

    private static RevocationRow revocationRow(ResultSet r) throws SQLException {
        return new RevocationRow(r.getLong("id"), r.getString("caller_key_id"), r.getString("subject_id"),
                r.getString("reason"), RevocationState.valueOf(r.getString("state")), r.getString("failure"),
                r.getString("tx"), r.getLong("created_at"), r.getLong("updated_at"), retry(r));
    }

    // ------------------------------------------------------------------ checkpoints

    /** The highest checkpoint number this authority submitted (0 when none). */
    public synchronized long lastCheckpoint() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT COALESCE(MAX(number), 0) FROM checkpoints")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /** Records a submitted checkpoint ({@code tx} null when it was on chain already). */
    public synchronized void recordCheckpoint(long number, String digest, String tx, long now) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT OR REPLACE INTO checkpoints (number, digest, tx, created_at) VALUES (?, ?, ?, ?)")) {
            p.setLong(1, number);
            p.setString(2, digest);
            p.setString(3, tx);
            p.setLong(4, now);
            p.executeUpdate();
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
