package org.bcpki.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.bcpki.core.crypto.SignatureSuite;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * A CRL checked once against its issuer (name, cRLSign, signature, critical extensions) and indexed by
 * serial, so each later lookup is a hash-map probe. Complete and delta CRLs alike; a delta carries its
 * base CRL number.
 */
public final class CrlIndex {
    /** One listed serial: when it was revoked and the reason code (8 = removeFromCRL in a delta). */
    public record Revoked(Instant revokedAt, int reason) {}

    private static final Set<ASN1ObjectIdentifier> KNOWN_CRITICAL = Set.of(Extension.cRLNumber, Extension.authorityKeyIdentifier,
            Extension.deltaCRLIndicator, Extension.issuingDistributionPoint, Extension.freshestCRL);

    private final BigInteger number;
    private final BigInteger baseNumber;
    private final Instant thisUpdate;
    private final Instant nextUpdate;
    private final byte[] scope;
    private final String deltaUrl;
    private final Map<BigInteger, Revoked> entries;

    private CrlIndex(BigInteger number, BigInteger baseNumber, Instant thisUpdate, Instant nextUpdate, byte[] scope,
                     String deltaUrl, Map<BigInteger, Revoked> entries) {
        this.number = number;
        this.baseNumber = baseNumber;
        this.thisUpdate = thisUpdate;
        this.nextUpdate = nextUpdate;
        this.scope = scope;
        this.deltaUrl = deltaUrl;
        this.entries = entries;
    }

    /** Checks {@code crl} against {@code issuer} and indexes it; a CRL that fails any check throws {@link InvalidCrl}. */
    public static CrlIndex of(X509CRLHolder crl, X509CertificateHolder issuer) {
        if (!Names.same(crl.getIssuer(), issuer.getSubject())) {
            throw new InvalidCrl("the CRL is issued by " + crl.getIssuer() + ", not by " + issuer.getSubject());
        }
        KeyUsage usage = KeyUsage.fromExtensions(issuer.getExtensions());
        if (usage != null && !usage.hasUsages(KeyUsage.cRLSign)) {
            throw new InvalidCrl(issuer.getSubject() + " may not sign CRLs (keyUsage lacks cRLSign)");
        }
        boolean valid;
        try {
            valid = crl.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(SignatureSuite.provider())
                    .build(issuer.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            valid = false;
        }
        if (!valid) {
            throw new InvalidCrl("the CRL of " + issuer.getSubject() + " has an invalid signature (not signed by the issuer's key)");
        }
        try {
            return index(crl);
        } catch (InvalidCrl e) {
            throw e;
        } catch (RuntimeException e) {
            // Signed by the issuer but unreadable (a CA bug or a compromised key): refused like any other bad CRL.
            throw new InvalidCrl("the CRL of " + issuer.getSubject() + " is malformed: " + e.getMessage());
        }
    }

    private static CrlIndex index(X509CRLHolder crl) {
        if (crl.getExtensions() != null) {
            for (ASN1ObjectIdentifier oid : crl.getExtensions().getCriticalExtensionOIDs()) {
                if (!KNOWN_CRITICAL.contains(oid)) {
                    throw new InvalidCrl("the CRL has an unknown critical extension " + oid);
                }
            }
        }
        BigInteger number = Crls.number(crl);
        if (number == null) {
            throw new InvalidCrl("the CRL has no CRL number (RFC 5280 5.2.3)");
        }
        if (crl.getNextUpdate() == null) {
            throw new InvalidCrl("the CRL has no nextUpdate");
        }
        byte[] scope = null;
        Extension idp = crl.getExtension(Extension.issuingDistributionPoint);
        if (idp != null) {
            IssuingDistributionPoint point = IssuingDistributionPoint.getInstance(idp.getParsedValue());
            // Partitioned or indirect CRLs are out of this profile: refuse rather than misread them. A CRL naming a
            // distribution point covers only the certificates that name it (RFC 5280 6.3.3 b.2.i), not the issuer's
            // whole population, which is what this index answers for (NIST PKITS 4.5.5: a revoked certificate read as good).
            if (point.getDistributionPoint() != null || point.isIndirectCRL() || point.getOnlySomeReasons() != null
                    || point.onlyContainsAttributeCerts() || point.onlyContainsCACerts() || point.onlyContainsUserCerts()) {
                throw new InvalidCrl("the CRL's issuingDistributionPoint narrows its scope, which this validator does not process");
            }
            scope = Pem.der(point);
        }
        Map<BigInteger, Revoked> entries = new HashMap<>();
        for (Object object : crl.getRevokedCertificates()) {
            X509CRLEntryHolder entry = (X509CRLEntryHolder) object;
            String unknown = Crls.unknownCriticalEntryExtension(entry);
            if (unknown != null) {
                // RFC 5280 5.3: a CRL with a critical entry extension the application cannot process is not used at all.
                throw new InvalidCrl("the CRL entry for serial " + Serials.toHex(entry.getSerialNumber())
                        + " has an unknown critical extension " + unknown);
            }
            if (entries.put(entry.getSerialNumber(), new Revoked(entry.getRevocationDate().toInstant(), reason(entry))) != null) {
                // Two entries for one serial (say, removeFromCRL and keyCompromise in one delta) have no single meaning.
                throw new InvalidCrl("the CRL lists serial " + Serials.toHex(entry.getSerialNumber()) + " twice");
            }
        }
        return new CrlIndex(number, Crls.baseNumber(crl), crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant(), scope,
                freshest(crl), Collections.unmodifiableMap(entries));
    }

    public BigInteger number() {
        return number;
    }

    /** The delta's base CRL number; null for a complete CRL. */
    public BigInteger baseNumber() {
        return baseNumber;
    }

    public boolean isDelta() {
        return baseNumber != null;
    }

    public Instant thisUpdate() {
        return thisUpdate;
    }

    public Instant nextUpdate() {
        return nextUpdate;
    }

    /** The HTTP URL of the delta CRL named in freshestCRL, or null. */
    public String deltaUrl() {
        return deltaUrl;
    }

    public int size() {
        return entries.size();
    }

    public Revoked entry(BigInteger serial) {
        return entries.get(serial);
    }

    /** Same scope (RFC 5280 5.2.4): both without issuingDistributionPoint, or with equal ones. */
    boolean sameScope(CrlIndex other) {
        return Arrays.equals(scope, other.scope);
    }

    private static int reason(X509CRLEntryHolder entry) {
        Extension reasonCode = entry.getExtensions() == null ? null : entry.getExtensions().getExtension(Extension.reasonCode);
        return reasonCode == null ? 0 : CRLReason.getInstance(reasonCode.getParsedValue()).getValue().intValue();
    }

    private static String freshest(X509CRLHolder crl) {
        Extension extension = crl.getExtension(Extension.freshestCRL);
        if (extension == null) {
            return null;
        }
        return Crls.firstHttpUri(CRLDistPoint.getInstance(extension.getParsedValue()));
    }

    /** A CRL that must not be used: wrong issuer, bad signature, unknown critical extension, ... */
    public static final class InvalidCrl extends RuntimeException {
        public InvalidCrl(String message) {
            super(message);
        }
    }
}
