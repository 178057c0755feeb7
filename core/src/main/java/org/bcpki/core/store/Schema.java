package org.bcpki.core.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What a {@link Migration} changes the database through; it runs inside the migration's transaction. */
public final class Schema {
    private final Statement statement;

    Schema(Statement statement) {
        this.statement = statement;
    }

    public void execute(String sql) throws SQLException {
        statement.execute(sql);
    }

    public boolean tableExists(String table) throws SQLException {
        try (ResultSet rs = statement.executeQuery(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + identifier(table) + "'")) {
            return rs.next();
        }
    }

    /**
     * Adds {@code column} with {@code definition} (its type and constraints) unless the table has
     * it: for tables an older version created (SQLite has no ADD COLUMN IF NOT EXISTS).
     */
    public void addColumnIfMissing(String table, String column, String definition) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pragma_table_info('" + identifier(table)
                + "') WHERE name = '" + identifier(column) + "'")) {
            if (rs.next()) {
                return;
            }
        }
        statement.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + definition);
    }

    /** Names come from the stores' own code, never from input; this only keeps them from breaking the SQL. */
    private static String identifier(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain SQL name: " + name);
        }
        return name;
    }
}
