package org.bcpki.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.est.ESTAuth;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.HttpAuth;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * An EST client for {@code bcpki pki enroll}, over Bouncy Castle's ({@code org.bouncycastle.est}): it trusts
 * exactly the server's TLS certificate (RFC 7030 3.6.1, explicit TA) and turns refusals into {@link Refused}.
 */
public final class EstClient {
    /** The server refused with an HTTP status and its one-line reason. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String reason) {
            super(reason);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final URI base;
    private final X509TrustManager trust;

    private EstClient(URI base, X509TrustManager trust) {
        this.base = base;
        this.trust = trust;
    }

    /** {@code base} is {@code https://host:port/.well-known/est}; {@code tlsAnchor} the server's certificate (DIR/est-tls.pem). */
    public static EstClient of(URI base, X509CertificateHolder tlsAnchor) {
        if (!"https".equals(base.getScheme()) || base.getPort() < 0 || !EstRoutes.BASE.equals(base.getPath())) {
            throw new IllegalArgumentException("an EST base URL is https://HOST:PORT" + EstRoutes.BASE + ", not " + base);
        }
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("est", Pem.toX509(tlsAnchor));
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(anchors);
            return new EstClient(base, (X509TrustManager) factory.getTrustManagers()[0]);
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust the EST server's certificate: " + e.getMessage(), e);
        }
    }

    /** {@code /simpleenroll} (with the usage as CA label unless TLS) as registrar {@code name} with {@code token}. */
    public X509CertificateHolder enroll(PKCS10CertificationRequest csr, CertificateUsage usage, String name, String token) {
        String label = usage == CertificateUsage.TLS ? null : usage.name().toLowerCase(Locale.ROOT);
        return request(label, false, csr, new HttpAuth(name, token.toCharArray()));
    }

    /** {@code /simplereenroll}: {@code csr} is signed with the current certificate's key and names its subject. */
    public X509CertificateHolder reenroll(PKCS10CertificationRequest csr) {
        return request(null, true, csr, null);
    }

    private X509CertificateHolder request(String label, boolean reenroll, PKCS10CertificationRequest csr, ESTAuth auth) {
        var builder = new JsseESTServiceBuilder(base.getHost() + ":" + base.getPort(), trust);
        if (label != null) {
            builder.withLabel(label);
        }
        ESTService service = builder.build();
        try {
            List<X509CertificateHolder> issued = new ArrayList<>(service.simpleEnroll(reenroll, csr, auth).getStore().getMatches(null));
            if (issued.size() != 1) {
                throw new IllegalStateException("the EST server answered " + issued.size() + " certificates, not one");
            }
            return issued.get(0);
        } catch (ESTException e) {
            if (e.getStatusCode() == 0) {
                throw new UncheckedIOException("cannot reach the EST service at " + base + ": " + e.getMessage(), e);
            }
            throw new Refused(e.getStatusCode(), reason(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the EST service at " + base + ": " + e.getMessage(), e);
        }
    }

    private static String reason(ESTException e) {
        String body = "";
        try {
            body = e.getBody() == null ? "" : new String(e.getBody().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException unreadable) {
            // the status alone then
        }
        if (!body.isEmpty()) {
            return body;
        }
        // This server's 401 challenge has no body (see PkiServer).
        return e.getStatusCode() == 401 ? "the registrar's name or token was not accepted" : e.getMessage();
    }
}
