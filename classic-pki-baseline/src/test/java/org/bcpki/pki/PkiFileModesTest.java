package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.core.identity.Role;
import org.bcpki.core.io.PrivateFiles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA directory holds private keys and the registrar/certificate database: owner only (issue #14, finding 10). */
class PkiFileModesTest {
    @TempDir Path dir;

    private static SmPki.Created create(Path pkiDir) throws Exception {
        return SmPki.create(pkiDir, new SmPki.Settings(PkiAlgorithm.ECDSA,
                PublicationPoints.loopback(LoopbackPorts.free(), LoopbackPorts.free()), SmPki.DEFAULT_CRL_VALIDITY));
    }

    private static List<Path> secrets(Path pkiDir) throws Exception {
        List<Path> files = new ArrayList<>();
        try (var listing = Files.list(pkiDir)) {
            listing.filter(file -> file.getFileName().toString().endsWith(".key") || file.getFileName().toString().startsWith("pki.db"))
                    .forEach(files::add);
        }
        return files;
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    @DisplayName("finding 10: a new CA directory is 0700 and its keys, pki.db and the database's WAL are 0600")
    void aNewPkiIsOwnerOnly() throws Exception {
        Path pkiDir = dir.resolve("pki");
        try (SmPki pki = create(pkiDir).pki()) {
            pki.issuer().issueNewKey("test", "stadtwerke", Role.EMT, CertificateUsage.TLS); // the WAL now holds data
            assertEquals("rwx------", mode(pkiDir));
            assertEquals("rwx------", mode(pkiDir.resolve("issued")));
            List<Path> secrets = secrets(pkiDir);
            assertTrue(secrets.contains(pkiDir.resolve("root.key")) && secrets.contains(pkiDir.resolve("ca-emt.key"))
                    && secrets.contains(pkiDir.resolve("pki.db")) && secrets.contains(pkiDir.resolve("pki.db-wal")), secrets.toString());
            for (Path secret : secrets) {
                assertEquals("rw-------", mode(secret), secret.toString());
            }
        }
    }

    @Test
    @DisplayName("finding 10: opening a CA directory made with loose modes narrows it, its keys and its database to owner only")
    void openingNarrowsAnExposedPki() throws Exception {
        Path pkiDir = dir.resolve("pki");
        create(pkiDir).pki().close();
        Files.setPosixFilePermissions(pkiDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path secret : secrets(pkiDir)) {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        }
        assertTrue(PrivateFiles.isExposed(pkiDir.resolve("root.key")));

        try (SmPki reopened = SmPki.open(pkiDir)) {
            assertEquals("rwx------", mode(pkiDir));
            for (Path secret : secrets(pkiDir)) {
                assertFalse(PrivateFiles.isExposed(secret), secret + " is " + mode(secret));
            }
            assertEquals(reopened.root().certificate(), Pem.certificate(pkiDir.resolve("root.pem")), "still the same PKI");
        }
    }

    @Test
    @DisplayName("finding 10: a private key written as PEM (e.g. by 'bcpki pki issue') is 0600")
    void privateKeyFilesAreOwnerOnly() throws Exception {
        Path key = dir.resolve("emt.key");
        Pem.write(key, TestPki.ecKey().getPrivate());
        assertEquals("rw-------", mode(key));
    }
}
