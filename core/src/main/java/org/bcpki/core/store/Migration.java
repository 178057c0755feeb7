package org.bcpki.core.store;

import java.sql.SQLException;

/**
 * One step of a store's schema. A store lists its steps in order; step n brings the database to
 * {@code PRAGMA user_version} n. Step 1 of a store that existed before versioning must be
 * idempotent: it also runs on files that older code created (version 0, tables already there).
 */
@FunctionalInterface
public interface Migration {
    void apply(Schema schema) throws SQLException;
}
