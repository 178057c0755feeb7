package org.bcpki.pki;

import org.bouncycastle.asn1.x500.X500Name;

/**
 * Where the PKI publishes: the HTTP base for CRLs and OCSP, and the LDAP directory. Certificates
 * carry these URLs (CRLDistributionPoints, IssuerAltName), so they are fixed when the PKI is created.
 */
public record PublicationPoints(String httpBase, String ldapBase) {
    public PublicationPoints {
        httpBase = stripSlash(httpBase);
        ldapBase = stripSlash(ldapBase);
    }

    public static PublicationPoints loopback(int httpPort, int ldapPort) {
        return new PublicationPoints("http://127.0.0.1:" + httpPort, "ldap://127.0.0.1:" + ldapPort);
    }

    public String crlUrl(String caId) {
        return httpBase + "/crl/" + caId + ".crl";
    }

    /** The delta CRL next to the complete one; complete CRLs name it in freshestCRL. */
    public String deltaCrlUrl(String caId) {
        return httpBase + "/crl/" + caId + "-delta.crl";
    }

    public String ocspUrl() {
        return httpBase + "/ocsp";
    }

    /** The CA's LDAP entry as an LDAP URL: the IssuerAltName of everything the CA signs. */
    public String ldapUrl(X500Name caName) {
        return ldapBase + "/" + LdapDirectory.caDn(SmPkiProfile.commonName(caName));
    }

    private static String stripSlash(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a publication URL must not be empty");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
