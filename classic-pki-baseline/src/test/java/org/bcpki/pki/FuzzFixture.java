package org.bcpki.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bcpki.core.identity.Role;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The committed test SM-PKI (ECDSA) the fuzz targets share: its CA keys are fixed, so seeds made once with
 * them (CRLs, OCSP requests and responses) stay valid. Opened from a copy in a temporary directory with a
 * fresh store holding the sub-CA certificates and two EMT end entities, one of them revoked.
 */
final class FuzzFixture {
    static final BigInteger GOOD = new BigInteger("40000000000000000000000000000001", 16);
    static final BigInteger REVOKED = new BigInteger("40000000000000000000000000000002", 16);
    /** A serial no CA of the fixture issued. */
    static final BigInteger NEVER_ISSUED = new BigInteger("40000000000000000000000000000003", 16);

    private FuzzFixture() {}

    static SmPki open() {
        try {
            return open(Path.of(FuzzFixture.class.getResource("fuzz-pki").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens a copy of the fixture directory {@code fixture} (certificates, keys and pki.properties, no database). */
    static SmPki open(Path fixture) {
        try {
            Path dir = Files.createTempDirectory("bcpki-fuzz-pki");
            dir.toFile().deleteOnExit();
            try (Stream<Path> files = Files.list(fixture)) {
                for (Path file : files.toList()) {
                    Files.copy(file, dir.resolve(file.getFileName().toString()));
                    dir.resolve(file.getFileName().toString()).toFile().deleteOnExit();
                }
            }
            SmPki pki = SmPki.open(dir);
            for (CertificateAuthority ca : pki.subCas()) {
                X509CertificateHolder certificate = ca.certificate();
                pki.store().insertCertificate(certificate.getSerialNumber(), "root", SmPkiProfile.commonName(certificate.getSubject()),
                        null, "CA", certificate.getNotAfter().toInstant(), Pem.der(certificate), "init");
            }
            issueEmt(pki, GOOD, "fuzz-good");
            issueEmt(pki, REVOKED, "fuzz-revoked");
            pki.revoke(REVOKED, RevocationReason.KEY_COMPROMISE, "fuzz");
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seeds Jazzer replays from a target's Inputs directory whose names start with {@code seed-} (crash files excluded). */
    static List<byte[]> seeds(Class<?> fuzzTest, String method) {
        try {
            Path dir = Path.of(fuzzTest.getResource(fuzzTest.getSimpleName() + "Inputs/" + method).toURI());
            List<byte[]> seeds = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("seed-")).sorted().toList()) {
                    seeds.add(Files.readAllBytes(file));
                }
            }
            return seeds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An error raised on purpose by the project (its first stack frame is in org.bcpki), not one escaping from a library. */
    static boolean raisedByProject(Throwable error) {
        StackTraceElement[] frames = error.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith("org.bcpki.") && error.getMessage() != null;
    }

    private static void issueEmt(SmPki pki, BigInteger serial, String identity) {
        CertificateAuthority ca = pki.subCa(Role.EMT);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(730, ChronoUnit.DAYS);
        String cn = SmPkiProfile.endUserCommonName(identity, Role.EMT);
        X509CertificateHolder certificate = ProfileCertificates.endEntity(ca, new ProfileCertificates.EndEntitySpec(cn, Role.EMT,
                CertificateUsage.TLS, ProfileCertificates.spki(TestPki.ecKey().getPublic()), now, notAfter,
                ProfileCertificates.defaultSubjectAltName(identity)), serial, pki.settings().points());
        pki.store().insertCertificate(serial, ca.id(), cn, Role.EMT.name(), CertificateUsage.TLS.name(), notAfter,
                Pem.der(certificate), "fuzz");
    }
}
