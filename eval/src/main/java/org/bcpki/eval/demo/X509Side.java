package org.bcpki.eval.demo;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
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
    private final Testbed bed;
    private CrlFetcher gatewayCache = new CrlFetcher();

    public X509Side(Testbed bed) {
        this.bed = bed;
    }

    /** An issued certificate and its chain below the root (leaf, sub-CA). */
    public record Certified(Issuer.Issued issued, List<X509CertificateHolder> chain, int csrBytes) {
        public int certificateBytes() {
            return Pem.der(issued.certificate()).length;
        }
    }

    public Certified certify(String identity, Role role, KeyPair key) {
        SmPki pki = bed.pki();
        var csr = Issuer.request(key, SmPkiProfile.endUserCommonName(identity, role));
        CertificateUsage usage = role == Role.EMT ? CertificateUsage.TLS : CertificateUsage.SIGNATURE;
        Issuer.Issued issued = pki.issuer().issue(Testbed.REGISTRAR_ID, csr, role, usage);
        bed.pkiServer().syncDirectory();
        int csrBytes;
        try {
            csrBytes = csr.getEncoded().length;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new Certified(issued, List.of(issued.certificate(), pki.subCa(role).certificate()), csrBytes);
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
