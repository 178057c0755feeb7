package org.bcpki.pki;

import java.math.BigInteger;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;

/** Reading the RFC 5280 CRL extensions this baseline uses. */
final class Crls {
    private Crls() {}

    /** The cRLNumber, or null when the CRL has none. */
    static BigInteger number(X509CRLHolder crl) {
        Extension extension = crl.getExtension(Extension.cRLNumber);
        return extension == null ? null : CRLNumber.getInstance(extension.getParsedValue()).getCRLNumber();
    }

    /** The deltaCRLIndicator's base CRL number, or null for a complete CRL. */
    static BigInteger baseNumber(X509CRLHolder crl) {
        Extension extension = crl.getExtension(Extension.deltaCRLIndicator);
        return extension == null ? null : CRLNumber.getInstance(extension.getParsedValue()).getCRLNumber();
    }

    /** Entry extensions a relying party can process (RFC 5280 5.3); certificateIssuer would make the CRL indirect. */
    private static final Set<ASN1ObjectIdentifier> KNOWN_ENTRY_EXTENSIONS = Set.of(Extension.reasonCode, Extension.invalidityDate);

    /** The OID of a critical entry extension this baseline does not process, or null. */
    static String unknownCriticalEntryExtension(X509CRLEntryHolder entry) {
        if (entry.getExtensions() == null) {
            return null;
        }
        for (ASN1ObjectIdentifier oid : entry.getExtensions().getCriticalExtensionOIDs()) {
            if (!KNOWN_ENTRY_EXTENSIONS.contains(oid)) {
                return oid.getId();
            }
        }
        return null;
    }

    /** The first http(s) URI among the full names of CRL distribution points (cRLDistributionPoints, freshestCRL). */
    static String firstHttpUri(CRLDistPoint points) {
        for (DistributionPoint point : points.getDistributionPoints()) {
            if (point.getDistributionPoint() != null && point.getDistributionPoint().getName() instanceof GeneralNames names) {
                for (GeneralName name : names.getNames()) {
                    String uri = name.getTagNo() == GeneralName.uniformResourceIdentifier ? name.getName().toString() : "";
                    if (uri.startsWith("http://") || uri.startsWith("https://")) {
                        return uri;
                    }
                }
            }
        }
        return null;
    }
}
