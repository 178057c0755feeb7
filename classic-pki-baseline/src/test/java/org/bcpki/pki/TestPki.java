package org.bcpki.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/** A PKI in a temporary directory with its HTTP and LDAP services on free loopback ports. */
final class TestPki implements AutoCloseable {
    final SmPki pki;
    final String token;
    final PkiServer server;

    private TestPki(SmPki pki, String token, PkiServer server) {
        this.pki = pki;
        this.token = token;
        this.server = server;
    }

    /** The certificates name their CRL URLs, so the ports are chosen (probed) before the PKI is created. */
    static TestPki start(Path dir, PkiAlgorithm algorithm) throws IOException {
        int httpPort = freePort();
        int ldapPort = freePort();
        SmPki.Created created = SmPki.create(dir, new SmPki.Settings(algorithm,
                PublicationPoints.loopback(httpPort, ldapPort), SmPki.DEFAULT_CRL_VALIDITY));
        PkiServer server = PkiServer.startAtPublicationPoints(created.pki());
        return new TestPki(created.pki(), created.registrarToken(), server);
    }

    static int freePort() {
        return LoopbackPorts.free();
    }

    Issuer.IssuedWithKey issue(String identity, Role role) {
        return pki.issuer().issueNewKey("test", identity, role, CertificateUsage.TLS);
    }

    List<X509CertificateHolder> anchors() {
        return List.of(pki.root().certificate());
    }

    List<X509CertificateHolder> chain(X509CertificateHolder endEntity, Role role) {
        return List.of(endEntity, pki.subCa(role).certificate());
    }

    /**
     * A hand-made certificate signed by {@code issuer} (for the negative cases the CA never issues):
     * profile-like defaults, then {@code extensions} adds whatever the test needs.
     */
    static X509CertificateHolder custom(CertificateAuthority issuer, String cn, KeyPair key, Instant notBefore, Instant notAfter,
                                        Consumer<X509v3CertificateBuilder> extensions) {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer.certificate().getSubject(),
                ProfileCertificates.randomSerial(), Date.from(notBefore), Date.from(notAfter), SmPkiProfile.name(cn),
                ProfileCertificates.spki(key.getPublic()));
        extensions.accept(builder);
        return builder.build(issuer.signer());
    }

    static void add(X509v3CertificateBuilder builder, org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical,
                    org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            builder.addExtension(oid, critical, value);
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ecKey() {
        return SignatureSuite.of(org.bcpki.core.crypto.KeyAlgorithm.ECDSA_BRAINPOOLP256R1).generate(new SecureRandom());
    }

    /** A copy of the certificate with one bit of its signature flipped. */
    static X509CertificateHolder tamperSignature(X509CertificateHolder certificate) {
        byte[] der = Pem.der(certificate);
        der[der.length - 5] ^= 0x01;
        return new X509CertificateHolder(org.bouncycastle.asn1.x509.Certificate.getInstance(der));
    }

    /**
     * The encoding with every CN attribute type written as an ObjectDescriptor (tag 7) instead of an OID: it
     * still parses, but Bouncy Castle throws a ClassCastException once the name's attributes are read.
     */
    static byte[] unreadableCommonNames(byte[] der) {
        byte[] patched = der.clone();
        for (int i = 0; i + 4 < patched.length; i++) {
            if (patched[i] == 0x06 && patched[i + 1] == 0x03 && patched[i + 2] == 0x55 && patched[i + 3] == 0x04 && patched[i + 4] == 0x03) {
                patched[i] = 0x07;
            }
        }
        return patched;
    }

    /**
     * The same DER object with its outer length written one byte longer than DER allows (a leading zero length
     * octet): valid BER with the same content, so a signature over the re-encoded DER still verifies.
     */
    static byte[] longFormLength(byte[] der) {
        int lengthOctets = (der[1] & 0x80) == 0 ? 0 : der[1] & 0x7f;
        byte[] ber = new byte[der.length + (lengthOctets == 0 ? 2 : 1)];
        ber[0] = der[0];
        if (lengthOctets == 0) {
            ber[1] = (byte) 0x82;
            ber[3] = der[1];
            System.arraycopy(der, 2, ber, 4, der.length - 2);
        } else {
            ber[1] = (byte) (0x80 | (lengthOctets + 1));
            System.arraycopy(der, 2, ber, 3, der.length - 2);
        }
        return ber;
    }

    @Override
    public void close() {
        server.close();
        pki.close();
    }
}
