package org.bcpki.pki;

import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** Clients of a test PKI's EST service: Bouncy Castle's EST client, and a plain HTTPS client for what it cannot send. */
final class EstClients {
    private EstClients() {}

    /** Trusts exactly the server's self-signed HTTPS certificate (RFC 7030 3.6.1, explicit TA). */
    static X509TrustManager pinned(PkiServer server) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("est", Pem.toX509(server.estTlsCertificate()));
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(anchors);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    /** Bouncy Castle's EST client for the server, optionally with a CA label. */
    static ESTService bouncyCastle(PkiServer server, String label) throws Exception {
        String authority = java.net.URI.create(server.estUrl()).getAuthority();
        var builder = new JsseESTServiceBuilder(authority, pinned(server));
        if (label != null) {
            builder.withLabel(label);
        }
        return builder.build();
    }

    static HttpClient https(PkiServer server) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {pinned(server)}, new SecureRandom());
        return HttpClient.newBuilder().sslContext(context).build();
    }

    static PKCS10CertificationRequest csr(KeyPair key, String commonName) {
        return Issuer.request(key, commonName);
    }

    static List<X509CertificateHolder> certificates(EnrollmentResponse response) {
        return new ArrayList<>(response.getStore().getMatches(null));
    }
}
