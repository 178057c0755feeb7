package org.bcpki.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir Path tmp;

    @Test
    @DisplayName("finding 10: private files are 0600 in 0700 directories, also when a 0644 file existed")
    void modes() throws Exception {
        Path dir = PrivateFiles.directory(tmp.resolve("a/b"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));

        Path secret = dir.resolve("key");
        PrivateFiles.writeString(secret, "s3cret");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals("s3cret", Files.readString(secret));
        PrivateFiles.writeString(secret, "new");
        assertEquals("new", Files.readString(secret));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file is left behind");
        }

        Path db = dir.resolve("old.db");
        Files.writeString(db, "x");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(PrivateFiles.isExposed(db));
        PrivateFiles.ensureFile(db);
        assertFalse(PrivateFiles.isExposed(db));
        assertEquals("x", Files.readString(db), "ensureFile keeps the content");
    }
}
