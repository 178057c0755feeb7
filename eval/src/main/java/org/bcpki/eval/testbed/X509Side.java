package org.bcpki.eval.testbed;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.bcpki.core.identity.Role;
import org.bcpki.pki.CertificateUsage;
import org.bcpki.pki.CrlFetcher;
import org.bcpki.pki.Issuer;
import org.bcpki.pki.PathValidator;
import org.bcpki.pki.Pem;
import org.bcpki.pki.RevocationReason;
import org.bcpki.pki.SmPki;
import org.bcpki.pki.SmPkiProfile;
import org.bcpki.pki.ValidationResult;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The X.509 baseline on the same identities and keys as the chain: CSR → certificate from the
 * role's sub-CA, and the gateway's relying-party checks with a CRL cache (its own, like a gateway
 * keeps one), a fresh CRL fetch, or OCSP.
 */
public final class X509Side {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Testbed bed;
    private CrlFetcher gatewayCache = new CrlFetcher();

    public X509Side(Testbed bed) {
        this.bed = bed;
    }

    /** An issued certificate and its chain below the root (leaf, sub-CA). */
    public record Certified(Issuer.Issued issued, List<X509CertificateHolder> chain, int httpBytes) {
        public int certificateBytes() {
            return Pem.der(issued.certificate()).length;
        }
    }

    /**
     * A registrar's CSR for {@code key} sent to the issuance web service ({@code POST /api/certificates},
     * bearer token), the certificate returned as DER; the bytes counted are the CSR and the answer.
     */
    public Certified certify(String identity, Role role, KeyPair key) throws IOException, InterruptedException {
        SmPki pki = bed.pki();
        String commonName = SmPkiProfile.endUserCommonName(identity, role);
        byte[] csr = Issuer.request(key, commonName).getEncoded();
        CertificateUsage usage = role == Role.EMT ? CertificateUsage.TLS : CertificateUsage.SIGNATURE;
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(bed.pkiServer().httpUrl()
                        + "/api/certificates?role=" + role.name() + "&usage=" + usage.name().toLowerCase(Locale.ROOT)))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + bed.pkiRegistrarToken())
                .header("Accept", "application/pkix-cert").header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csr)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("the X.509 issuance service refused " + commonName + ": HTTP "
                    + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
        }
        X509CertificateHolder certificate = Pem.certificate(response.body());
        Issuer.Issued issued = new Issuer.Issued(certificate.getSerialNumber(), commonName, role, usage, certificate);
        return new Certified(issued, List.of(certificate, pki.subCa(role).certificate()), csr.length + response.body().length);
    }

    public void revoke(Certified certified) {
        BigInteger serial = certified.issued().serial();
        bed.pki().revoke(serial, RevocationReason.KEY_COMPROMISE, "operator");
    }

    /** The gateway's check with its CRL cache (CRLs fetched once, then kept until their nextUpdate). */
    public ValidationResult validateCached(Certified c, Role role) {
        return PathValidator.builder(anchors()).fetcher(gatewayCache).build().validate(c.chain(), role, Instant.now());
    }

    /** A check with an empty cache: CRLs fetched over HTTP now. */
    public ValidationResult validateFresh(Certified c, Role role) {
        return PathValidator.builder(anchors()).fetcher(new CrlFetcher()).build().validate(c.chain(), role, Instant.now());
    }

    public ValidationResult validateOcsp(Certified c, Role role) {
        return PathValidator.builder(anchors()).ocsp(bed.pkiServer().ocspUrl()).build().validate(c.chain(), role, Instant.now());
    }

    /** Empties the gateway's CRL cache (a cold gateway). */
    public void clearCache() {
        gatewayCache = new CrlFetcher();
    }

    /** DER bytes of the CRL a gateway downloads for the role's sub-CA and the root. */
    public int crlBytes(Role role) {
        return role == null ? crlBytes("root") : crlBytes(SmPkiProfile.caId(role)) + crlBytes("root");
    }

    /** DER bytes of one CA's current CRL. */
    public int crlBytes(String caId) {
        return Pem.der(bed.pki().currentCrl(caId)).length;
    }

    private List<X509CertificateHolder> anchors() {
        return List.of(bed.pki().root().certificate());
    }
}
