package org.bcpki.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;

/**
 * Builds a CA's CRLs (RFC 5280): complete CRLs with CRL number, AKI, reason codes, thisUpdate and
 * nextUpdate, optionally pointing to their delta CRL (freshestCRL, §5.2.6); and delta CRLs
 * (deltaCRLIndicator naming the base CRL number, §5.2.4) that share the CA's CRL number sequence.
 */
public final class CrlBuilder {
    private CrlBuilder() {}

    public static X509CRLHolder build(CertificateAuthority ca, List<PkiStore.Revocation> revocations, Instant thisUpdate,
                                      Instant nextUpdate, BigInteger number) {
        return complete(ca, revocations, thisUpdate, nextUpdate, number, null);
    }

    /** A complete CRL; {@code deltaUrl} (nullable) goes into freshestCRL so relying parties find the delta. */
    public static X509CRLHolder complete(CertificateAuthority ca, List<PkiStore.Revocation> revocations, Instant thisUpdate,
                                         Instant nextUpdate, BigInteger number, String deltaUrl) {
        X509v2CRLBuilder builder = builder(ca, revocations, thisUpdate, nextUpdate, number);
        try {
            if (deltaUrl != null) {
                builder.addExtension(Extension.freshestCRL, false, pointTo(deltaUrl));
            }
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot build a CRL for " + ca.id(), e);
        }
        return builder.build(ca.signer());
    }

    /**
     * A delta CRL: the revocations since the complete CRL numbered {@code baseNumber}. Its own
     * {@code number} comes from the same sequence and is larger than the base's.
     */
    public static X509CRLHolder delta(CertificateAuthority ca, List<PkiStore.Revocation> sinceBase, Instant thisUpdate,
                                      Instant nextUpdate, BigInteger number, BigInteger baseNumber) {
        if (number.compareTo(baseNumber) <= 0) {
            throw new IllegalArgumentException("a delta CRL's number must exceed its base CRL number");
        }
        X509v2CRLBuilder builder = builder(ca, sinceBase, thisUpdate, nextUpdate, number);
        try {
            builder.addExtension(Extension.deltaCRLIndicator, true, new CRLNumber(baseNumber));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot build a delta CRL for " + ca.id(), e);
        }
        return builder.build(ca.signer());
    }

    private static X509v2CRLBuilder builder(CertificateAuthority ca, List<PkiStore.Revocation> revocations, Instant thisUpdate,
                                            Instant nextUpdate, BigInteger number) {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(ca.certificate().getSubject(), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        for (PkiStore.Revocation revocation : revocations) {
            // BC omits the reasonCode entry extension for 0 (unspecified), as RFC 5280 recommends.
            builder.addCRLEntry(revocation.serial(), Date.from(revocation.revokedAt()), revocation.reason().code());
        }
        try {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    ProfileCertificates.utils().createAuthorityKeyIdentifier(ca.certificate().getSubjectPublicKeyInfo()));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot build a CRL for " + ca.id(), e);
        }
        return builder;
    }

    static CRLDistPoint pointTo(String url) {
        return new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(new DistributionPointName(
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url))), null, null)});
    }
}
