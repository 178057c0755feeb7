package org.bcpki.pki;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bcpki.core.store.Migration;
import org.bcpki.core.store.Schema;
import org.bcpki.core.store.SqliteDatabase;
import org.bcpki.core.store.SqliteSettings;
import org.bcpki.core.store.SqliteSettings.JournalMode;
import org.bcpki.core.store.SqliteSettings.Synchronous;

/**
 * The CA's state in SQLite: issued certificates, revocations, CRL numbers, registrars (API token
 * hashes) and an append-only audit log. Serial uniqueness is the certificates table's primary key.
 * Several processes may share the file (the server and the CLI), so it runs in WAL mode with a busy
 * timeout.
 */
public final class PkiStore implements AutoCloseable {
    /** A stored certificate. */
    public record IssuedCertificate(BigInteger serial, String caId, String commonName, String role, String usage,
                                    Instant notAfter, byte[] der, long rowId) {}

    /** A revocation as the CRL and OCSP report it. */
    public record Revocation(BigInteger serial, String caId, RevocationReason reason, Instant revokedAt) {}

    /** A certificate's status for OCSP. */
    public enum Status { GOOD, REVOKED, UNKNOWN }

    public record AuditEntry(long id, Instant at, String actor, String action, String detail, String outcome) {}

    /**
     * The CA's issuance records and registrar token hashes: owner-only. The server and the CLI may
     * share the file, hence the long busy timeout; synchronous FULL is SQLite's default it ran with before.
     */
    private static final SqliteSettings SETTINGS =
            new SqliteSettings(true, JournalMode.WAL, Synchronous.FULL, Duration.ofSeconds(10), true);
    private static final List<Migration> MIGRATIONS = List.of(PkiStore::schema);

    private final SqliteDatabase database;
    private final Connection connection;

    private PkiStore(SqliteDatabase database) {
        this.database = database;
        this.connection = database.connection();
    }

    /** Opens (or creates) the database; the file is 0600 before SQLite opens it, so its WAL and journal are too. */
    public static PkiStore open(Path file) {
        return new PkiStore(SqliteDatabase.open(file, SETTINGS, MIGRATIONS));
    }

    /** Migration 1, the schema as it was before versioning: idempotent, it also upgrades unversioned files. */
    private static void schema(Schema s) throws SQLException {
        s.execute("""
                CREATE TABLE IF NOT EXISTS certificates (
                  serial TEXT PRIMARY KEY, ca_id TEXT NOT NULL, common_name TEXT NOT NULL,
                  role TEXT, usage TEXT, not_after INTEGER NOT NULL, der BLOB NOT NULL,
                  issued_at INTEGER NOT NULL, registrar TEXT NOT NULL)""");
        s.execute("CREATE INDEX IF NOT EXISTS certificates_cn ON certificates(common_name)");
        s.execute("""
                CREATE TABLE IF NOT EXISTS revocations (
                  serial TEXT PRIMARY KEY REFERENCES certificates(serial), ca_id TEXT NOT NULL,
                  reason INTEGER NOT NULL, revoked_at INTEGER NOT NULL)""");
        s.execute("CREATE TABLE IF NOT EXISTS crl_numbers (ca_id TEXT PRIMARY KEY, last INTEGER NOT NULL)");
        s.execute("""
                CREATE TABLE IF NOT EXISTS registrars (
                  name TEXT PRIMARY KEY, token_sha256 BLOB NOT NULL, created_at INTEGER NOT NULL,
                  roles TEXT NOT NULL DEFAULT '', subjects TEXT NOT NULL DEFAULT '')""");
        // a database from before registrar scopes: its registrars get no scope until re-scoped
        s.addColumnIfMissing("registrars", "roles", "TEXT NOT NULL DEFAULT ''");
        s.addColumnIfMissing("registrars", "subjects", "TEXT NOT NULL DEFAULT ''");
        s.execute("""
                CREATE TABLE IF NOT EXISTS audit (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL,
                  action TEXT NOT NULL, detail TEXT NOT NULL, outcome TEXT NOT NULL)""");
    }

    /** Stores a certificate; false when the serial is taken (the caller draws another). */
    public synchronized boolean insertCertificate(BigInteger serial, String caId, String commonName, String role,
                                                  String usage, Instant notAfter, byte[] der, String registrar) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO certificates VALUES (?,?,?,?,?,?,?,?,?)")) {
            insert.setString(1, Serials.toHex(serial));
            insert.setString(2, caId);
            insert.setString(3, commonName);
            insert.setString(4, role);
            insert.setString(5, usage);
            insert.setLong(6, notAfter.getEpochSecond());
            insert.setBytes(7, der);
            insert.setLong(8, Instant.now().getEpochSecond());
            insert.setString(9, registrar);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw database.failure("store a certificate", e);
        }
    }

    public synchronized boolean serialExists(BigInteger serial) {
        return certificate(serial).isPresent();
    }

    public synchronized Optional<IssuedCertificate> certificate(BigInteger serial) {
        List<IssuedCertificate> found = queryCertificates("WHERE serial = ?", Serials.toHex(serial));
        return found.stream().findFirst();
    }

    public synchronized List<IssuedCertificate> certificatesByCommonName(String commonName) {
        return queryCertificates("WHERE common_name = ?", commonName);
    }

    /** Certificates stored after {@code rowId}, oldest first (the directory follows the store with this). */
    public synchronized List<IssuedCertificate> certificatesAfter(long rowId) {
        return queryCertificates("WHERE rowid > ? ORDER BY rowid", rowId);
    }

    private List<IssuedCertificate> queryCertificates(String where, Object parameter) {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT serial, ca_id, common_name, role, usage, not_after, der, rowid FROM certificates " + where)) {
            query.setObject(1, parameter);
            List<IssuedCertificate> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(new IssuedCertificate(new BigInteger(rows.getString(1), 16), rows.getString(2),
                            rows.getString(3), rows.getString(4), rows.getString(5),
                            Instant.ofEpochSecond(rows.getLong(6)), rows.getBytes(7), rows.getLong(8)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw database.failure("read certificates", e);
        }
    }

    /** Records a revocation; false when the serial was already revoked. */
    public synchronized boolean revoke(BigInteger serial, String caId, RevocationReason reason, Instant at) {
        try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO revocations VALUES (?,?,?,?)")) {
            insert.setString(1, Serials.toHex(serial));
            insert.setString(2, caId);
            insert.setInt(3, reason.code());
            insert.setLong(4, at.getEpochSecond());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw database.failure("store a revocation", e);
        }
    }

    public synchronized List<Revocation> revocations(String caId) {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT serial, reason, revoked_at FROM revocations WHERE ca_id = ? ORDER BY rowid")) {
            query.setString(1, caId);
            List<Revocation> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(new Revocation(new BigInteger(rows.getString(1), 16), caId,
                            RevocationReason.fromCode(rows.getInt(2)), Instant.ofEpochSecond(rows.getLong(3))));
                }
            }
            return found;
        } catch (SQLException e) {
            throw database.failure("read revocations", e);
        }
    }

    /** Number of revocations of a CA: a cheap change marker for cached CRLs. */
    public synchronized int revocationCount(String caId) {
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM revocations WHERE ca_id = ?")) {
            query.setString(1, caId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw database.failure("count revocations", e);
        }
    }

    public synchronized Status status(BigInteger serial, String caId) {
        Optional<IssuedCertificate> certificate = certificate(serial);
        if (certificate.isEmpty() || !certificate.get().caId().equals(caId)) {
            return Status.UNKNOWN;
        }
        return revocation(serial).isPresent() ? Status.REVOKED : Status.GOOD;
    }

    public synchronized Optional<Revocation> revocation(BigInteger serial) {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT ca_id, reason, revoked_at FROM revocations WHERE serial = ?")) {
            query.setString(1, Serials.toHex(serial));
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Revocation(serial, rows.getString(1), RevocationReason.fromCode(rows.getInt(2)),
                        Instant.ofEpochSecond(rows.getLong(3))));
            }
        } catch (SQLException e) {
            throw database.failure("read a revocation", e);
        }
    }

    /** The next CRL number of a CA (monotonic, persisted). */
    public synchronized BigInteger nextCrlNumber(String caId) {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO crl_numbers VALUES (?, 1) ON CONFLICT(ca_id) DO UPDATE SET last = last + 1 RETURNING last")) {
            upsert.setString(1, caId);
            try (ResultSet rows = upsert.executeQuery()) {
                rows.next();
                return BigInteger.valueOf(rows.getLong(1));
            }
        } catch (SQLException e) {
            throw database.failure("draw a CRL number", e);
        }
    }

    /** Registers (or re-keys and re-scopes) a registrar; only the SHA-256 of its random token is stored. */
    public synchronized void putRegistrar(String name, String token, RegistrarScope scope) {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO registrars (name, token_sha256, created_at, roles, subjects) VALUES (?,?,?,?,?)
                ON CONFLICT(name) DO UPDATE SET token_sha256 = excluded.token_sha256, roles = excluded.roles,
                subjects = excluded.subjects""")) {
            upsert.setString(1, name);
            upsert.setBytes(2, sha256(token));
            upsert.setLong(3, Instant.now().getEpochSecond());
            upsert.setString(4, scope.rolesText());
            upsert.setString(5, scope.subjectPatternsText());
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw database.failure("store a registrar", e);
        }
    }

    /** The registrar a bearer token belongs to (with its scope), compared in constant time per registrar. */
    public synchronized Optional<Registrar> registrarOf(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name, token_sha256, roles, subjects FROM registrars")) {
            Registrar match = null;
            while (rows.next()) {
                if (MessageDigest.isEqual(presented, rows.getBytes(2))) {
                    match = new Registrar(rows.getString(1), storedScope(rows.getString(3), rows.getString(4)));
                }
            }
            return Optional.ofNullable(match);
        } catch (SQLException e) {
            throw database.failure("check a registrar token", e);
        }
    }

    public synchronized void audit(String actor, String action, String detail, String outcome) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit (at, actor, action, detail, outcome) VALUES (?,?,?,?,?)")) {
            insert.setLong(1, Instant.now().toEpochMilli());
            insert.setString(2, actor);
            insert.setString(3, action);
            insert.setString(4, detail);
            insert.setString(5, outcome);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw database.failure("append to the audit log", e);
        }
    }

    public synchronized List<AuditEntry> auditLog() {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, at, actor, action, detail, outcome FROM audit ORDER BY id")) {
            List<AuditEntry> entries = new ArrayList<>();
            while (rows.next()) {
                entries.add(new AuditEntry(rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3),
                        rows.getString(4), rows.getString(5), rows.getString(6)));
            }
            return entries;
        } catch (SQLException e) {
            throw database.failure("read the audit log", e);
        }
    }

    @Override
    public synchronized void close() {
        database.close();
    }

    private static RegistrarScope storedScope(String roles, String subjects) {
        try {
            return RegistrarScope.parse(roles, subjects);
        } catch (IllegalArgumentException unreadable) {
            return RegistrarScope.NONE; // a damaged scope grants nothing
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
