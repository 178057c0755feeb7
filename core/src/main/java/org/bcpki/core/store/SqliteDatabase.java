package org.bcpki.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.bcpki.core.io.PrivateFiles;

/**
 * One SQLite file of a store, open: created owner-only when it holds secrets, its pragmas set and
 * its schema brought up to date by numbered {@link Migration}s tracked in {@code PRAGMA
 * user_version}, each in its own transaction. Only {@code java.sql} here: the services bring the
 * driver (sqlite-jdbc) on their class path, the light client never opens a database. Errors are
 * {@link StoreException}s naming the file.
 */
public final class SqliteDatabase implements AutoCloseable {
    /** Files SQLite keeps next to the database; an older, laxer version may have left them readable. */
    private static final List<String> SIDECARS = List.of("-wal", "-shm", "-journal");

    private final Path file;
    private final Connection connection;

    private SqliteDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (or creates) {@code file} with {@code settings} and applies the {@code migrations} it
     * has not had yet. A file whose version is newer than {@code migrations} is refused: this code
     * would not know its tables.
     */
    public static SqliteDatabase open(Path file, SqliteSettings settings, List<Migration> migrations) {
        Path path = file.toAbsolutePath();
        if (settings.privateFile()) {
            restrict(path);
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + path);
        } catch (SQLException e) {
            throw new StoreException(path, "open it", e);
        }
        try (Statement statement = connection.createStatement()) {
            applyPragmas(statement, settings);
            new Migrator(path, statement, migrations).run();
            return new SqliteDatabase(path, connection);
        } catch (SQLException | RuntimeException e) {
            closeAfterFailure(connection, e);
            throw e instanceof StoreException failed ? failed : new StoreException(path, "set it up", e);
        }
    }

    public Connection connection() {
        return connection;
    }

    public Path file() {
        return file;
    }

    /** The store's one error style: {@code what} failed on this file. */
    public StoreException failure(String what, Exception cause) {
        return new StoreException(file, what, cause);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close it", e);
        }
    }

    private static void restrict(Path path) {
        try {
            PrivateFiles.ensureFile(path); // before SQLite creates it: its WAL and journal inherit the mode
            for (String suffix : SIDECARS) {
                Path sidecar = path.resolveSibling(path.getFileName() + suffix);
                if (Files.exists(sidecar)) {
                    PrivateFiles.ensureFile(sidecar);
                }
            }
        } catch (IOException e) {
            throw new StoreException(path, "create it owner-only (mode 0600)", e);
        }
    }

    private static void applyPragmas(Statement statement, SqliteSettings settings) throws SQLException {
        // the busy timeout first: switching the journal mode may have to wait for another process
        statement.execute("PRAGMA busy_timeout = " + settings.busyTimeout().toMillis());
        statement.execute("PRAGMA journal_mode = " + settings.journalMode().name());
        statement.execute("PRAGMA synchronous = " + settings.synchronous().name());
        statement.execute("PRAGMA foreign_keys = " + (settings.foreignKeys() ? "ON" : "OFF"));
    }

    private static void closeAfterFailure(Connection connection, Exception failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Applies the missing migrations, one transaction each; a failed one leaves the version where it was. */
    private record Migrator(Path path, Statement statement, List<Migration> migrations) {
        void run() throws SQLException {
            while (needed(userVersion())) {
                statement.execute("BEGIN IMMEDIATE");
                try {
                    step();
                    statement.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    rollback(e);
                    throw e;
                }
            }
        }

        private void step() throws SQLException {
            int version = userVersion(); // re-read under the lock: another process may have migrated meanwhile
            if (!needed(version)) {
                return;
            }
            try {
                migrations.get(version).apply(new Schema(statement));
                statement.execute("PRAGMA user_version = " + (version + 1));
            } catch (SQLException | RuntimeException e) {
                throw new StoreException(path, "apply schema migration " + (version + 1) + " of " + migrations.size()
                        + " (the file stays at version " + version + ")", e);
            }
        }

        private boolean needed(int version) {
            if (version > migrations.size()) {
                throw new StoreException(path, "its schema version " + version + " is newer than this code knows ("
                        + migrations.size() + "): written by a newer bcpki, refusing to open it with an older one");
            }
            return version < migrations.size();
        }

        private int userVersion() throws SQLException {
            try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
                rs.next();
                return rs.getInt(1);
            }
        }

        private void rollback(Exception failure) {
            try {
                statement.execute("ROLLBACK");
            } catch (SQLException e) {
                failure.addSuppressed(e); // SQLite may have rolled back already
            }
        }
    }
}
