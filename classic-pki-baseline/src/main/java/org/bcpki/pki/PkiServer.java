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
import org.bouncycastle.cert.X509CertificateHolder;
import org.eclipse.jetty.server.ServerConnector;

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
 *   <li>EST (RFC 7030) under {@code /.well-known/est/}, served on the HTTPS port only ({@link EstRoutes}).</li>
 *   <li>{@code GET /openapi.yaml}: the OpenAPI 3 description of all of this.</li>
 * </ul>
 */
public final class PkiServer implements AutoCloseable {
    private final SmPki pki;
    private final Javalin http;
    private final LdapDirectory ldap;
    private final OcspResponder ocsp;
    private final OcspResponder ocspPresigned;
    private final EstTls estTls;
    private ServerConnector estConnector;
    private ServerConnector plainConnector;
    private final ScheduledExecutorService sync = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pki-directory-sync");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, X509CRLHolder> publishedCrls = new HashMap<>();
    private long lastSyncedRow;

    private PkiServer(SmPki pki, int httpPort, int ldapPort, int estPort) {
        this.pki = pki;
        this.ocsp = new OcspResponder(pki);
        this.ocspPresigned = new OcspResponder(pki, OcspResponder.Signing.PRESIGNED);
        this.estTls = EstTls.create();
        this.ldap = LdapDirectory.start(ldapPort);
        try {
            this.http = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                // Javalin makes its own connector only when none is added, so both are added here.
                config.jetty.addConnector((server, plain) -> plainConnector = plainConnector(server, plain, httpPort));
                config.jetty.addConnector((server, plain) -> estConnector = estTls.connector(server, plain, estPort));
                config.routes.get("/openapi.yaml", PkiServer::openApi);
                new EstRoutes(pki, this::syncDirectory).register(config);
                config.routes.post("/api/certificates", this::issue);
                config.routes.post("/api/revocations", this::revoke);
                config.routes.get("/crl/{file}", this::crl);
                config.routes.get("/ca/{file}", this::caCertificate);
                config.routes.post("/ocsp", ctx -> ocspPost(ctx, ocsp));
                config.routes.get("/ocsp/<request>", ctx -> ocspGet(ctx, ocsp));
                config.routes.post("/ocsp-presigned", ctx -> ocspPost(ctx, ocspPresigned));
                config.routes.get("/ocsp-presigned/<request>", ctx -> ocspGet(ctx, ocspPresigned));
                config.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
                config.routes.exception(NotPermitted.class, (e, ctx) -> error(ctx, 403, e.getMessage()));
                config.routes.exception(Unauthorized.class, (e, ctx) -> {
                    ctx.header("WWW-Authenticate", e.challenge);
                    if (ctx.path().startsWith(EstRoutes.BASE)) {
                        // The challenge alone: Bouncy Castle's EST client closes a 401 unread before it retries
                        // with credentials, and fails on any body it left unread.
                        ctx.status(401).result("");
                    } else {
                        error(ctx, 401, e.getMessage());
                    }
                });
                config.routes.exception(EstRoutes.UnsupportedType.class, (e, ctx) -> error(ctx, 415, e.getMessage()));
                config.routes.exception(EstRoutes.NotFound.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
            }).start("127.0.0.1", httpPort);
        } catch (RuntimeException e) {
            ldap.close();
            throw new IllegalStateException("cannot start the PKI HTTP service on port " + httpPort + " (EST HTTPS on "
                    + (estPort == 0 ? "a free port" : "port " + estPort) + "): " + e.getMessage(), e);
        }
        writeEstCertificate();
        syncDirectory();
        sync.scheduleWithFixedDelay(this::syncQuietly, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts HTTP, HTTPS (EST) and LDAP on 127.0.0.1; port 0 lets the OS choose (always so for HTTPS here). */
    public static PkiServer start(SmPki pki, int httpPort, int ldapPort) {
        return new PkiServer(pki, httpPort, ldapPort, 0);
    }

    /** Starts HTTP, HTTPS (EST) and LDAP on 127.0.0.1; port 0 lets the OS choose. */
    public static PkiServer start(SmPki pki, int httpPort, int ldapPort, int estPort) {
        return new PkiServer(pki, httpPort, ldapPort, estPort);
    }

    /** Starts on the ports of the PKI's publication points (the URLs its certificates carry); EST on a free port. */
    public static PkiServer startAtPublicationPoints(SmPki pki) {
        return startAtPublicationPoints(pki, 0);
    }

    /** Starts on the ports of the PKI's publication points, EST's HTTPS on {@code estPort} (0: a free port). */
    public static PkiServer startAtPublicationPoints(SmPki pki, int estPort) {
        return start(pki, java.net.URI.create(pki.settings().points().httpBase()).getPort(),
                java.net.URI.create(pki.settings().points().ldapBase()).getPort(), estPort);
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + plainConnector.getLocalPort();
    }

    /** The EST base, {@code https://127.0.0.1:<port>/.well-known/est}. */
    public String estUrl() {
        return "https://127.0.0.1:" + estConnector.getLocalPort() + EstRoutes.BASE;
    }

    /** The self-signed certificate of the HTTPS port, EST clients' explicit trust anchor (also in DIR/est-tls.pem). */
    public X509CertificateHolder estTlsCertificate() {
        return estTls.certificate();
    }

    /** Every route as "METHOD path", as Javalin holds them (for the OpenAPI description's test). */
    List<String> routes() {
        return http.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint.method.name() + " " + parsed.endpoint.path).toList();
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
            // Code-signing certificates (roles without an SM-PKI class) travel inside their signed releases instead.
            if (certificate.role() != null && SmPkiProfile.certified(Role.valueOf(certificate.role()))) {
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

    private static ServerConnector plainConnector(org.eclipse.jetty.server.Server server,
                                                  org.eclipse.jetty.server.HttpConfiguration configuration, int port) {
        ServerConnector connector = new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(configuration));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        return connector;
    }

    /** One line of text/plain with the status. */
    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("text/plain").result(message + "\n");
    }

    private static void openApi(Context ctx) {
        try (var in = PkiServer.class.getResourceAsStream("openapi.yaml")) {
            ctx.contentType("application/yaml").result(in.readAllBytes());
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("openapi.yaml is missing from the classpath", e);
        }
    }

    /** The HTTPS certificate as PEM beside the CA files, for clients in other processes to pin. */
    private void writeEstCertificate() {
        try {
            Pem.write(pki.dir().resolve("est-tls.pem"), estTls.certificate());
        } catch (java.io.IOException e) {
            close();
            throw new IllegalStateException("cannot write " + pki.dir().resolve("est-tls.pem") + ": " + e.getMessage(), e);
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
            throw new Unauthorized("a registrar token is required (Authorization: Bearer <token>)", "Bearer");
        }
        return pki.store().registrarOf(header.substring("Bearer ".length()).trim()).orElseThrow(() -> {
            pki.store().audit("anonymous", ctx.path(), ctx.queryString() == null ? "" : ctx.queryString(), "rejected: bad token");
            return new Unauthorized("unknown registrar token", "Bearer");
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

    /** A caller without a valid registrar token; {@code challenge} is the WWW-Authenticate value. */
    static final class Unauthorized extends RuntimeException {
        final String challenge;

        Unauthorized(String message, String challenge) {
            super(message);
            this.challenge = challenge;
        }

        /** EST's HTTP Basic challenge (RFC 7030 3.2.3, RFC 7617). */
        static Unauthorized basic(String message) {
            return new Unauthorized(message, "Basic realm=\"" + EstRoutes.REALM + "\", charset=\"UTF-8\"");
        }
    }
}
