package org.bcpki.pki;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bcpki.core.identity.Role;
import org.bouncycastle.cert.X509CRLHolder;

/**
 * The PKI's network face on loopback: the issuance web service, CRLs and OCSP over HTTP (Javalin),
 * and the LDAP directory. The directory follows the store (certificates issued by another process,
 * e.g. {@code bcpki pki issue}, appear within a second).
 *
 * <p>HTTP interface:
 * <ul>
 *   <li>{@code POST /api/certificates?role=EMT&usage=tls} with {@code Authorization: Bearer <token>} and a
 *       PKCS#10 request (PEM or DER) as body: 201 with the certificate (PEM; DER when
 *       {@code Accept: application/pkix-cert}) and its serial in {@code X-Serial}; 400 for a bad request,
 *       401 for a missing or wrong token, 403 for a role or subject outside the registrar's scope.</li>
 *   <li>{@code POST /api/revocations?serial=<hex>&reason=keyCompromise} (Bearer): 200; 403 for a CA
 *       certificate (the root operator revokes those offline) or an end entity outside the scope.</li>
 *   <li>{@code GET /crl/<ca>.crl}: the CA's current DER CRL; {@code GET /ca/<ca>.pem}: its certificate.</li>
 *   <li>{@code POST /ocsp} (application/ocsp-request) and {@code GET /ocsp/<base64 request>}: signed per request;
 *       {@code /ocsp-presigned} the same with pre-signed RFC 5019 responses; {@code GET /crl/<ca>-delta.crl}: delta CRL.</li>
 * </ul>
 */
public final class PkiServer implements AutoCloseable {
    private final SmPki pki;
    private final Javalin http;
    private final LdapDirectory ldap;
    private final OcspResponder ocsp;
    private final OcspResponder ocspPresigned;
    private final ScheduledExecutorService sync = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pki-directory-sync");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, X509CRLHolder> publishedCrls = new HashMap<>();
    private long lastSyncedRow;

    private PkiServer(SmPki pki, int httpPort, int ldapPort) {
        this.pki = pki;
        this.ocsp = new OcspResponder(pki);
        this.ocspPresigned = new OcspResponder(pki, OcspResponder.Signing.PRESIGNED);
        this.ldap = LdapDirectory.start(ldapPort);
        try {
            this.http = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.routes.post("/api/certificates", this::issue);
                config.routes.post("/api/revocations", this::revoke);
                config.routes.get("/crl/{file}", this::crl);
                config.routes.get("/ca/{file}", this::caCertificate);
                config.routes.post("/ocsp", ctx -> ocspPost(ctx, ocsp));
                config.routes.get("/ocsp/<request>", ctx -> ocspGet(ctx, ocsp));
                config.routes.post("/ocsp-presigned", ctx -> ocspPost(ctx, ocspPresigned));
                config.routes.get("/ocsp-presigned/<request>", ctx -> ocspGet(ctx, ocspPresigned));
                config.routes.exception(IllegalArgumentException.class, (e, ctx) ->
                        ctx.status(400).contentType("text/plain").result(e.getMessage() + "\n"));
                config.routes.exception(NotPermitted.class, (e, ctx) ->
                        ctx.status(403).contentType("text/plain").result(e.getMessage() + "\n"));
                config.routes.exception(Unauthorized.class, (e, ctx) ->
                        ctx.status(401).header("WWW-Authenticate", "Bearer").contentType("text/plain").result(e.getMessage() + "\n"));
            }).start("127.0.0.1", httpPort);
        } catch (RuntimeException e) {
            ldap.close();
            throw new IllegalStateException("cannot start the PKI HTTP service on port " + httpPort + ": " + e.getMessage(), e);
        }
        syncDirectory();
        sync.scheduleWithFixedDelay(this::syncQuietly, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts HTTP and LDAP on 127.0.0.1; port 0 lets the OS choose. */
    public static PkiServer start(SmPki pki, int httpPort, int ldapPort) {
        return new PkiServer(pki, httpPort, ldapPort);
    }

    /** Starts on the ports of the PKI's publication points (the URLs its certificates carry). */
    public static PkiServer startAtPublicationPoints(SmPki pki) {
        return start(pki, java.net.URI.create(pki.settings().points().httpBase()).getPort(),
                java.net.URI.create(pki.settings().points().ldapBase()).getPort());
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + http.port();
    }

    public String ocspUrl() {
        return httpUrl() + "/ocsp";
    }

    /** The RFC 5019 responder: pre-signed responses per serial, no nonce, served until half their validity. */
    public String ocspPresignedUrl() {
        return httpUrl() + "/ocsp-presigned";
    }

    public String crlUrl(String caId) {
        return httpUrl() + "/crl/" + caId + ".crl";
    }

    public String deltaCrlUrl(String caId) {
        return httpUrl() + "/crl/" + caId + "-delta.crl";
    }

    public String ldapUrl() {
        return ldap.url();
    }

    public int ldapPort() {
        return ldap.port();
    }

    /** Brings the directory up to date with the store: new certificates and changed CRLs. */
    public synchronized void syncDirectory() {
        for (CertificateAuthority ca : pki.authorities()) {
            X509CRLHolder crl = pki.currentCrl(ca.id());
            if (publishedCrls.get(ca.id()) != crl) {
                ldap.publishCa(ca, crl);
                publishedCrls.put(ca.id(), crl);
            }
        }
        List<PkiStore.IssuedCertificate> fresh = pki.store().certificatesAfter(lastSyncedRow);
        for (PkiStore.IssuedCertificate certificate : fresh) {
            if (certificate.role() != null) {
                ldap.publishCertificate(certificate.commonName(), Role.valueOf(certificate.role()), certificate.der());
            }
            lastSyncedRow = certificate.rowId();
        }
    }

    private void syncQuietly() {
        try {
            syncDirectory();
        } catch (RuntimeException e) {
            System.err.println("pki: directory sync failed: " + e.getMessage());
        }
    }

    private void issue(Context ctx) {
        Registrar registrar = authenticate(ctx);
        Role role = Role.parse(required(ctx, "role"));
        CertificateUsage usage = CertificateUsage.parse(ctx.queryParam("usage") == null ? "tls" : ctx.queryParam("usage"));
        byte[] body = ctx.bodyAsBytes();
        Issuer.Issued issued;
        try {
            issued = pki.issuer().issue(registrar, Pem.csr(body), role, usage);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("malformed")) {
                pki.store().audit(registrar.name(), "issue", role + " " + usage, "rejected: " + e.getMessage());
            }
            throw e;
        }
        syncDirectory();
        ctx.status(201).header("X-Serial", issued.serialHex());
        if ("application/pkix-cert".equals(ctx.header("Accept"))) {
            ctx.contentType("application/pkix-cert").result(Pem.der(issued.certificate()));
        } else {
            ctx.contentType("application/x-pem-file").result(Pem.encode(issued.certificate()));
        }
    }

    private void revoke(Context ctx) {
        Registrar registrar = authenticate(ctx);
        BigInteger serial = Serials.parse(required(ctx, "serial"));
        RevocationReason reason = RevocationReason.parse(ctx.queryParam("reason") == null ? "unspecified" : ctx.queryParam("reason"));
        PkiStore.Revocation revocation = pki.revoke(serial, reason, registrar);
        syncDirectory();
        ctx.contentType("text/plain").result("revoked " + Serials.toHex(revocation.serial()) + " " + reason + "\n");
    }

    private void crl(Context ctx) {
        String name = stripSuffix(ctx.pathParam("file"), ".crl");
        boolean delta = name.endsWith("-delta");
        CertificateAuthority ca = authorityOr404(ctx, delta ? stripSuffix(name, "-delta") : name);
        if (ca != null) {
            ctx.contentType("application/pkix-crl").result(Pem.der(delta ? pki.currentDeltaCrl(ca.id()) : pki.currentCrl(ca.id())));
        }
    }

    private void caCertificate(Context ctx) {
        CertificateAuthority ca = authorityOr404(ctx, stripSuffix(ctx.pathParam("file"), ".pem"));
        if (ca != null) {
            ctx.contentType("application/x-pem-file").result(Pem.encode(ca.certificate()));
        }
    }

    private CertificateAuthority authorityOr404(Context ctx, String caId) {
        try {
            return pki.authority(caId);
        } catch (IllegalArgumentException unknown) {
            ctx.status(404).contentType("text/plain").result(unknown.getMessage() + "\n");
            return null;
        }
    }

    private static void ocspPost(Context ctx, OcspResponder responder) {
        ctx.contentType("application/ocsp-response").result(responder.respond(ctx.bodyAsBytes()));
    }

    private static void ocspGet(Context ctx, OcspResponder responder) {
        byte[] request;
        try {
            // RFC 6960 A.1: URL-encoded Base64; decoding may already have turned '+' into ' '.
            String encoded = ctx.pathParam("request");
            if (encoded.contains("%")) {
                encoded = java.net.URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.US_ASCII);
            }
            request = Base64.getDecoder().decode(encoded.replace(' ', '+'));
        } catch (IllegalArgumentException e) {
            request = new byte[0]; // answered as malformedRequest, like any other unparsable request
        }
        ctx.contentType("application/ocsp-response").result(responder.respond(request));
    }

    private Registrar authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            pki.store().audit("anonymous", ctx.path(), ctx.queryString() == null ? "" : ctx.queryString(), "rejected: no token");
            throw new Unauthorized("a registrar token is required (Authorization: Bearer <token>)");
        }
        return pki.store().registrarOf(header.substring("Bearer ".length()).trim()).orElseThrow(() -> {
            pki.store().audit("anonymous", ctx.path(), ctx.queryString() == null ? "" : ctx.queryString(), "rejected: bad token");
            return new Unauthorized("unknown registrar token");
        });
    }

    private static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("query parameter '" + name + "' is required");
        }
        return value;
    }

    private static String stripSuffix(String file, String suffix) {
        return file.endsWith(suffix) ? file.substring(0, file.length() - suffix.length()) : file;
    }

    @Override
    public void close() {
        sync.shutdownNow();
        http.stop();
        ldap.close();
    }

    /** A caller without a valid registrar token. */
    static final class Unauthorized extends RuntimeException {
        Unauthorized(String message) {
            super(message);
        }
    }
}
