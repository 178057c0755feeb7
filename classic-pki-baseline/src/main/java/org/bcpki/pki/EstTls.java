package org.bcpki.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS side of {@link PkiServer}, which EST needs (RFC 7030 3.3: EST runs over TLS). The TLS key is
 * a NIST P-256 key made at start and kept in memory only, with a self-signed certificate for 127.0.0.1 and
 * localhost: EST clients take that certificate as their explicit trust anchor (RFC 7030 3.6.1). It is not
 * an SM-PKI certificate because the JDK's TLS stack signs with neither Brainpool nor ML-DSA keys.
 */
final class EstTls {
    private static final Duration LIFETIME = Duration.ofDays(30);

    private final X509CertificateHolder certificate;
    private final SSLContext context;

    private EstTls(X509CertificateHolder certificate, SSLContext context) {
        this.certificate = certificate;
        this.context = context;
    }

    static EstTls create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair key = generator.generateKeyPair();
            X500Name name = new X500Name("CN=bcpki PKI server (EST TLS), O=" + SmPkiProfile.ORGANISATION);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(127, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(LIFETIME)), name, key.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            X509CertificateHolder certificate = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .setProvider("SunEC").build(key.getPrivate()));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("est", key.getPrivate(), password, new java.security.cert.Certificate[] {Pem.toX509(certificate)});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            return new EstTls(certificate, context);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the EST TLS key and certificate: " + e.getMessage(), e);
        }
    }

    /** The self-signed TLS certificate clients pin. */
    X509CertificateHolder certificate() {
        return certificate;
    }

    /** An HTTPS connector on 127.0.0.1 (port 0: the OS chooses); no client certificates are asked for. */
    ServerConnector connector(Server server, HttpConfiguration plain, int port) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(context);
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        tls.setRenegotiationAllowed(false); // the SM-PKI's TLS profile forbids renegotiation
        HttpConfiguration https = new HttpConfiguration(plain);
        // No SNI host check: clients reach the service by IP address, which TLS does not send as SNI.
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        return connector;
    }
}
