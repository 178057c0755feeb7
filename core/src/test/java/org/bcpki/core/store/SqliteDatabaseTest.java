package org.bcpki.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.core.store.SqliteSettings.JournalMode;
import org.bcpki.core.store.SqliteSettings.Synchronous;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {
    private static final SqliteSettings PRIVATE =
            new SqliteSettings(true, JournalMode.WAL, Synchronous.FULL, Duration.ofSeconds(5), false);
    private static final SqliteSettings PLAIN =
            new SqliteSettings(false, JournalMode.WAL, Synchronous.NORMAL, Duration.ofSeconds(3), false);

    @TempDir
    Path dir;

    @Test
    @DisplayName("migrations run once each, in order, and a later open runs only the new ones")
    void migrationsRunOnceInOrder() throws Exception {
        Path file = dir.resolve("a.db");
        List<String> ran = new ArrayList<>();
        List<Migration> two = List.of(
                s -> { ran.add("1"); s.execute("CREATE TABLE t (a INTEGER)"); },
                s -> { ran.add("2"); s.execute("ALTER TABLE t ADD COLUMN b TEXT"); });
        try (SqliteDatabase db = SqliteDatabase.open(file, PLAIN, two)) {
            assertEquals(2, userVersion(db.connection()));
        }
        try (SqliteDatabase db = SqliteDatabase.open(file, PLAIN, two)) {
            assertEquals(2, userVersion(db.connection()));
        }
        List<Migration> three = new ArrayList<>(two);
        three.add(s -> { ran.add("3"); s.execute("CREATE INDEX t_b ON t (b)"); });
        try (SqliteDatabase db = SqliteDatabase.open(file, PLAIN, three)) {
            assertEquals(3, userVersion(db.connection()));
        }
        assertEquals(List.of("1", "2", "3"), ran);
    }

    @Test
    @DisplayName("a file older code created (version 0, tables there, a column missing) opens, keeps its rows and is migrated")
    void anUnversionedFileIsMigrated() throws Exception {
        Path file = dir.resolve("old.db");
        olderCode(file, "CREATE TABLE t (a INTEGER NOT NULL)", "INSERT INTO t VALUES (7)");
        List<Migration> migrations = List.of(
                s -> {
                    s.execute("CREATE TABLE IF NOT EXISTS t (a INTEGER NOT NULL, b TEXT NOT NULL DEFAULT 'x')");
                    s.addColumnIfMissing("t", "b", "TEXT NOT NULL DEFAULT 'x'");
                    s.addColumnIfMissing("t", "a", "INTEGER"); // present: no second column a
                },
                s -> s.execute("CREATE TABLE u (c BLOB)"));
        try (SqliteDatabase db = SqliteDatabase.open(file, PLAIN, migrations);
                Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery("SELECT a, b FROM t")) {
            assertTrue(rs.next());
            assertEquals(7, rs.getInt(1));
            assertEquals("x", rs.getString(2));
            assertEquals(2, userVersion(db.connection()));
            assertTrue(new Schema(s).tableExists("u"));
        }
    }

    @Test
    @DisplayName("a failing migration is rolled back, the version stays, and the error names the file and the step")
    void aFailingMigrationRollsBack() throws Exception {
        Path file = dir.resolve("b.db");
        Migration first = s -> s.execute("CREATE TABLE t (a INTEGER)");
        try (SqliteDatabase db = SqliteDatabase.open(file, PLAIN, List.of(first))) {
            assertEquals(1, userVersion(db.connection()));
        }
        Migration broken = s -> {
            s.execute("CREATE TABLE half (a INTEGER)");
            s.execute("INSERT INTO t VALUES (1)");
            s.execute("INSERT INTO no_such_table VALUES (1)");
        };
        StoreException e = assertThrows(StoreException.class,
                () -> SqliteDatabase.open(file, PLAIN, List.of(first, broken)));
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("migration 2 of 2"), e.getMessage());
        assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
        assertTrue(e.getCause() instanceof SQLException);
        assertEquals(file.toAbsolutePath(), e.file());
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = raw.createStatement()) {
            assertEquals(1, userVersion(raw));
            assertFalse(new Schema(s).tableExists("half"), "the step's table is rolled back");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the step's row is rolled back");
            }
        }
    }

    @Test
    @DisplayName("a file from newer code (a higher user_version) is refused, and left as it is")
    void aNewerFileIsRefused() throws Exception {
        Path file = dir.resolve("new.db");
        olderCode(file, "CREATE TABLE t (a INTEGER)", "PRAGMA user_version = 3"); // or rather newer code
        List<String> ran = new ArrayList<>();
        List<Migration> two = List.of(s -> ran.add("1"), s -> ran.add("2"));
        StoreException e = assertThrows(StoreException.class, () -> SqliteDatabase.open(file, PLAIN, two));
        assertTrue(e.getMessage().contains("schema version 3 is newer than this code knows (2)"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertEquals(List.of(), ran);
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertEquals(3, userVersion(raw));
        }
    }

    @Test
    @DisplayName("a private store's file, WAL and shared memory are 0600, also when an older version left them 0644")
    void privateFilesAreOwnerOnly() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        try (SqliteDatabase db = SqliteDatabase.open(fresh, PRIVATE, List.of(s -> s.execute("CREATE TABLE t (a)")));
                Statement s = db.connection().createStatement()) {
            s.execute("INSERT INTO t VALUES (1)"); // the WAL and shared memory exist while open
            for (String name : List.of("fresh.db", "fresh.db-wal", "fresh.db-shm")) {
                assertEquals("rw-------", mode(dir.resolve(name)), name);
            }
        }
        Path old = dir.resolve("old.db");
        List<String> names = List.of("old.db", "old.db-wal", "old.db-shm");
        try (Connection laxer = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = laxer.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("CREATE TABLE t (a)"); // an older version, still running, with its WAL readable by all
            for (String name : names) {
                Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
            }
            SqliteDatabase.open(old, PRIVATE, List.of(schema -> schema.execute("CREATE TABLE IF NOT EXISTS t (a)")))
                    .close();
            for (String name : names) {
                assertEquals("rw-------", mode(dir.resolve(name)), name);
            }
        }
        assertEquals("rw-------", mode(old));
    }

    @Test
    @DisplayName("a store that holds no secrets keeps the mode its file has")
    void aPlainStoreLeavesTheMode() throws Exception {
        Path file = dir.resolve("plain.db");
        Files.setPosixFilePermissions(Files.createFile(file), PosixFilePermissions.fromString("rw-r--r--"));
        SqliteDatabase.open(file, PLAIN, List.of()).close();
        assertEquals("rw-r--r--", mode(file));
    }

    @Test
    @DisplayName("the settings' pragmas are in effect on the connection")
    void pragmasAreInEffect() throws Exception {
        SqliteSettings one = new SqliteSettings(false, JournalMode.WAL, Synchronous.NORMAL, Duration.ofMillis(1234), true);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("p1.db"), one, List.of())) {
            assertEquals("wal", pragma(db, "journal_mode"));
            assertEquals("1", pragma(db, "synchronous"));
            assertEquals("1234", pragma(db, "busy_timeout"));
            assertEquals("1", pragma(db, "foreign_keys"));
        }
        SqliteSettings other = new SqliteSettings(false, JournalMode.DELETE, Synchronous.FULL, Duration.ZERO, false);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("p2.db"), other, List.of())) {
            assertEquals("delete", pragma(db, "journal_mode"));
            assertEquals("2", pragma(db, "synchronous"));
            assertEquals("0", pragma(db, "busy_timeout"));
            assertEquals("0", pragma(db, "foreign_keys"));
        }
    }

    @Test
    @DisplayName("a file that is not a database is refused with its name")
    void garbageIsRefused() throws Exception {
        Path file = dir.resolve("garbage.db");
        Files.writeString(file, "this is not a SQLite database, just text that is long enough to be a header");
        StoreException e = assertThrows(StoreException.class,
                () -> SqliteDatabase.open(file, PLAIN, List.of(s -> s.execute("CREATE TABLE t (a)"))));
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ": cannot "), e.getMessage());
    }

    /** A file as other code, without this base, left it. */
    private static void olderCode(Path file, String... statements) throws SQLException {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = other.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static int userVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String pragma(SqliteDatabase db, String name) throws SQLException {
        try (Statement s = db.connection().createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
