package org.bcpki.authority;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        FAILED;

        public boolean needsChainWork() {
            return this == ACCEPTED || this == FILED || this == APPROVED;
        }
    }

    public enum RevocationState { ACCEPTED, VOTED, REVOKED, FAILED }

    /** One grant request as stored. */
    public record GrantRow(String id, String callerKeyId, String subjectId, int role, int algorithm,
                           byte[] publicKey, String keyHash, String attestationHash, long notBefore, long notAfter,
                           GrantState state, String reason, String requestTx, String approveTx,
                           long createdAt, long updatedAt) {}

    public record RevocationRow(long id, String callerKeyId, String subjectId, String reason, RevocationState state,
                                String failure, String tx, long createdAt, long updatedAt) {}

    private final Connection connection;

    private AuthorityStore(Connection connection) {
        this.connection = connection;
    }

    public static AuthorityStore open(Path database) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
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
            s.execute("""
                    CREATE TABLE IF NOT EXISTS checkpoints (
                      number INTEGER PRIMARY KEY, digest TEXT NOT NULL, tx TEXT, created_at INTEGER NOT NULL)""");
        }
        return new AuthorityStore(connection);
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
                  attestation_hash, not_before, not_after, state, reason, request_tx, approve_tx, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
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
    }

    public synchronized int countPendingChainWork() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("""
                     SELECT (SELECT COUNT(*) FROM grant_requests WHERE state IN ('ACCEPTED', 'FILED', 'APPROVED'))
                          + (SELECT COUNT(*) FROM revocations WHERE state = 'ACCEPTED')""")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private static GrantRow grantRow(ResultSet r) throws SQLException {
        return new GrantRow(r.getString("id"), r.getString("caller_key_id"), r.getString("subject_id"),
                r.getInt("role"), r.getInt("algorithm"), r.getBytes("public_key"), r.getString("key_hash"),
                r.getString("attestation_hash"), r.getLong("not_before"), r.getLong("not_after"),
                GrantState.valueOf(r.getString("state")), r.getString("reason"), r.getString("request_tx"),
                r.getString("approve_tx"), r.getLong("created_at"), r.getLong("updated_at"));
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
                "SELECT * FROM revocations WHERE state = 'ACCEPTED' ORDER BY id")) {
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
    }

    private static RevocationRow revocationRow(ResultSet r) throws SQLException {
        return new RevocationRow(r.getLong("id"), r.getString("caller_key_id"), r.getString("subject_id"),
                r.getString("reason"), RevocationState.valueOf(r.getString("state")), r.getString("failure"),
                r.getString("tx"), r.getLong("created_at"), r.getLong("updated_at"));
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
