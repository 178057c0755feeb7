package org.bcpki.gateway.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bcpki.core.identity.Role;
import org.bcpki.gateway.reading.CertificateChain;
import org.bcpki.pki.CertificateUsage;
import org.bcpki.pki.Issuer;
import org.bcpki.pki.LoopbackPorts;
import org.bcpki.pki.Pem;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.pki.PkiServer;
import org.bcpki.pki.PublicationPoints;
import org.bcpki.pki.RevocationReason;
import org.bcpki.pki.SmPki;
import org.bcpki.pki.SmPkiProfile;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A real classic SM-PKI for gateway tests (classic-pki-baseline): root and sub-CAs in a directory,
 * its issuance, CRL and OCSP services and LDAP directory on loopback. Certificates are issued from
 * CSRs over the meters' and EMTs' own keys; revocations go through the CA and appear in the CRL the
 * gateway fetches once the cached one passes its nextUpdate ({@code crlValidity}).
 */
public final class ClassicPkiFixture implements AutoCloseable {
    private final SmPki pki;
    private final PkiServer server;
    private final Path dir;

    private ClassicPkiFixture(SmPki pki, PkiServer server, Path dir) {
        this.pki = pki;
        this.server = server;
        this.dir = dir;
    }

    public static ClassicPkiFixture start(Path dir, PkiAlgorithm algorithm, Duration crlValidity) {
        try {
            SmPki.Created created = SmPki.create(dir, new SmPki.Settings(algorithm,
                    PublicationPoints.loopback(LoopbackPorts.free(), LoopbackPorts.free()), crlValidity));
            PkiServer server = PkiServer.startAtPublicationPoints(created.pki());
            ClassicPkiFixture fixture = new ClassicPkiFixture(created.pki(), server, dir);
            Pem.write(fixture.rootPem(), created.pki().root().certificate());
            return fixture;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path rootPem() {
        return dir.resolve("gateway-anchor.pem");
    }

    /** Verifier settings: the root as anchor, CRLs from the certificates' distribution points. */
    public X509Settings settings() {
        return new X509Settings(List.of(rootPem()), List.of(), List.of(), null);
    }

    public String ocspUrl() {
        return server.ocspUrl();
    }

    /** Certifies {@code key} for {@code identity} in {@code role}; the chain holds the leaf and its sub-CA. */
    public CertificateChain certify(String identity, Role role, KeyPair key) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return certify(identity, role, key, now, now.plus(Duration.ofDays(365)));
    }

    public CertificateChain certify(String identity, Role role, KeyPair key, Instant notBefore, Instant notAfter) {
        var csr = Issuer.request(key, SmPkiProfile.endUserCommonName(identity, role));
        Issuer.Issued issued = pki.issuer().issue(SmPki.DEFAULT_REGISTRAR, csr, role, CertificateUsage.SIGNATURE,
                notBefore, notAfter);
        return chain(issued.certificate(), pki.subCa(role).certificate());
    }

    /** Revokes the leaf of {@code chain} (key compromise). */
    public void revoke(CertificateChain chain) {
        try {
            X509CertificateHolder leaf = new X509CertificateHolder(chain.certificates().get(0));
            pki.revoke(leaf.getSerialNumber(), RevocationReason.KEY_COMPROMISE, "test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code chain} as a PEM bundle, as a meter's certificate file would hold it. */
    public static Path writePem(Path file, CertificateChain chain) {
        StringBuilder pem = new StringBuilder();
        try {
            for (byte[] der : chain.certificates()) {
                pem.append(Pem.encode(new X509CertificateHolder(der)));
            }
            Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static CertificateChain chain(X509CertificateHolder... certificates) {
        return new CertificateChain(java.util.Arrays.stream(certificates).map(Pem::der).toList());
    }

    @Override
    public void close() {
        server.close();
        pki.close();
    }
}
