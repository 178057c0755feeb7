package org.bcpki.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;

/** Builds a CA's full CRL (RFC 5280: CRL number, AKI, reason codes, thisUpdate and nextUpdate). */
public final class CrlBuilder {
    private CrlBuilder() {}

    public static X509CRLHolder build(CertificateAuthority ca, List<PkiStore.Revocation> revocations, Instant thisUpdate,
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
        return builder.build(ca.signer());
    }
}
