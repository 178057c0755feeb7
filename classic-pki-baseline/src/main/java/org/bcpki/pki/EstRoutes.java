package org.bcpki.pki;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bcpki.core.identity.Role;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.CollectionStore;

/**
 * EST (RFC 7030) on the PKI server, over HTTPS only: {@code /cacerts} (anyone), {@code /simpleenroll}
 * (a registrar, HTTP Basic with its name and token, then exactly the checks of {@code POST /api/certificates})
 * and {@code /simplereenroll} (the holder of a current certificate, see {@link Reenrolment}). The role is the
 * one the CSR's CN names ({@code stadtwerke.EMT}); the usage is TLS, or the CA label
 * ({@code /.well-known/est/signature/simpleenroll}). Errors are a status and one line of text/plain.
 */
final class EstRoutes {
    static final String BASE = "/.well-known/est";
    static final String REALM = "bcpki EST";
    /** A PKCS#10 request of the largest profile key (composite ML-DSA) is under 10 KB in base64. */
    private static final int MAX_BODY = 64 * 1024;

    private final SmPki pki;
    private final Reenrolment reenrolment;
    private final Runnable afterIssue;

    EstRoutes(SmPki pki, Runnable afterIssue) {
        this.pki = pki;
        this.reenrolment = new Reenrolment(pki);
        this.afterIssue = afterIssue;
    }

    void register(JavalinConfig config) {
        config.routes.get(BASE + "/cacerts", this::caCertificates);
        config.routes.post(BASE + "/simpleenroll", ctx -> enroll(ctx, CertificateUsage.TLS));
        config.routes.post(BASE + "/{label}/simpleenroll", ctx -> enroll(ctx, usageLabel(ctx.pathParam("label"))));
        config.routes.post(BASE + "/simplereenroll", this::reenroll);
    }

    private void caCertificates(Context ctx) {
        requireTls(ctx);
        List<X509CertificateHolder> certificates = new ArrayList<>();
        for (CertificateAuthority ca : pki.authorities()) {
            certificates.add(ca.certificate());
        }
        respond(ctx, "application/pkcs7-mime", certsOnly(certificates));
    }

    private void enroll(Context ctx, CertificateUsage usage) {
        // Read (bounded) before refusing: closing a connection with unread request bytes resets it, and the
        // client loses the answer.
        byte[] body = boundedBody(ctx);
        requireTls(ctx);
        Registrar registrar = authenticate(ctx);
        PKCS10CertificationRequest csr;
        Role role;
        try {
            csr = Pem.csr(base64(ctx, body));
            role = roleNamedBy(csr);
        } catch (IllegalArgumentException e) {
            pki.store().audit(registrar.name(), "issue", "EST " + usage, "rejected: " + e.getMessage());
            throw e;
        }
        Issuer.Issued issued = pki.issuer().issue(registrar, csr, role, usage);
        afterIssue.run();
        respond(ctx, "application/pkcs7-mime; smime-type=certs-only", certsOnly(List.of(issued.certificate())));
    }

    private void reenroll(Context ctx) {
        byte[] body = boundedBody(ctx);
        requireTls(ctx);
        Issuer.Issued issued = reenrolment.reenrol(Pem.csr(base64(ctx, body)));
        afterIssue.run();
        respond(ctx, "application/pkcs7-mime; smime-type=certs-only", certsOnly(List.of(issued.certificate())));
    }

    private static void requireTls(Context ctx) {
        if (!ctx.req().isSecure()) {
            throw new NotPermitted("EST is served over HTTPS only (RFC 7030 3.3); use the server's EST URL");
        }
    }

    /** HTTP Basic (RFC 7617): user-id the registrar's name, password its token. */
    private Registrar authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            pki.store().audit("anonymous", ctx.path(), "EST", "rejected: no credentials");
            throw PkiServer.Unauthorized.basic("EST enrolment needs the registrar's name and token (HTTP Basic)");
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            pair = "";
        }
        int colon = pair.indexOf(':');
        Optional<Registrar> registrar = colon < 0 ? Optional.empty() : pki.store().registrarOf(pair.substring(colon + 1));
        if (registrar.isEmpty() || !registrar.get().name().equals(pair.substring(0, colon))) {
            pki.store().audit("anonymous", ctx.path(), "EST", "rejected: bad token");
            throw PkiServer.Unauthorized.basic("unknown registrar name or token");
        }
        return registrar.get();
    }

    private static byte[] boundedBody(Context ctx) {
        if (ctx.contentLength() > MAX_BODY) {
            throw new IllegalArgumentException("malformed EST request: larger than " + MAX_BODY + " bytes");
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("malformed EST request: larger than " + MAX_BODY + " bytes");
        }
        return body;
    }

    /** The body: base64 of a DER PKCS#10 request (RFC 7030 4.2.1), line breaks allowed. */
    private static byte[] base64(Context ctx, byte[] body) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/pkcs10")) {
            throw new UnsupportedType("an EST request is application/pkcs10 (base64 DER), not '" + ctx.contentType() + "'");
        }
        String text = new String(body, StandardCharsets.US_ASCII).replaceAll("[\\r\\n\\t ]", "");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed EST request: the body is not base64 (" + e.getMessage() + ")");
        }
    }

    private static Role roleNamedBy(PKCS10CertificationRequest csr) {
        String commonName = SmPkiProfile.commonName(csr.getSubject());
        return SmPkiProfile.roleOfCommonName(commonName).orElseThrow(() -> new IllegalArgumentException(
                "an EST request's CN names its role: <identity>.GWA|.GWH|.EMT|.SMGW|.LMN, not '" + commonName + "'"));
    }

    private static CertificateUsage usageLabel(String label) {
        try {
            return CertificateUsage.parse(label);
        } catch (IllegalArgumentException e) {
            throw new NotFound("no EST CA label '" + label + "'; the labels are tls, signature and encryption");
        }
    }

    /** A certs-only CMC Simple PKI Response: a degenerate SignedData (RFC 5272 4.1, RFC 7030 4.1.3 and 4.2.3). */
    private static byte[] certsOnly(List<X509CertificateHolder> certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new CollectionStore<>(certificates));
            return generator.generate(new CMSAbsentContent()).getEncoded("DER");
        } catch (CMSException | IOException e) {
            throw new IllegalStateException("cannot encode a certs-only response: " + e.getMessage(), e);
        }
    }

    private static void respond(Context ctx, String contentType, byte[] der) {
        ctx.contentType(contentType).header("Content-Transfer-Encoding", "base64")
                .result(Base64.getMimeEncoder().encodeToString(der) + "\r\n");
    }

    /** A request body of another media type (HTTP 415). */
    static final class UnsupportedType extends RuntimeException {
        UnsupportedType(String message) {
            super(message);
        }
    }

    /** An unknown EST label (HTTP 404). */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
