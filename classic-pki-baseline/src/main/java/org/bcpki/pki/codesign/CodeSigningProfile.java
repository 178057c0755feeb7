package org.bcpki.pki.codesign;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import org.bcpki.pki.CertificateAuthority;
import org.bcpki.pki.ProfileCertificates;
import org.bcpki.pki.PublicationPoints;
import org.bcpki.pki.SmPkiProfile;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * The code-signing profile under the SM-PKI root: names, object identifiers and the two end-entity
 * certificates the code-signing sub-CA issues. Both are SM-PKI end entities (critical keyUsage
 * digitalSignature, cA=false, the SM-PKI policy, AKI/SKI, IssuerAltName, CRLDistributionPoints) plus a
 * critical extendedKeyUsage with exactly one purpose:
 * <ul>
 *   <li>manufacturer: {@code id-kp-codeSigning} (RFC 5280), CN {@code <manufacturer>.CS};</li>
 *   <li>notified body, one certificate per release: {@link #ID_KP_RELEASE_APPROVAL}, CN {@code <body>.NB}, and
 *       the {@link #ID_CE_RELEASE} extension naming the one release it may countersign.</li>
 * </ul>
 * The private object identifiers live under a UUID arc ({@code 2.25}, ITU-T X.667), which needs no registration.
 */
public final class CodeSigningProfile {
    /** {@code 2.25.<UUID fede0950-6486-43bb-a4cf-def576047fb2>}: this project's release-approval arc. */
    public static final ASN1ObjectIdentifier ARC = new ASN1ObjectIdentifier("2.25.338776789743013614359215903625103835058");
    /** Extended key usage of a notified body's release-approval (countersigning) certificate. */
    public static final ASN1ObjectIdentifier ID_KP_RELEASE_APPROVAL = ARC.branch("1");
    /** Signed attribute of the manufacturer's SignerInfo: the {@link ReleaseId} it signs. */
    public static final ASN1ObjectIdentifier ID_AA_RELEASE = ARC.branch("2");
    /** Non-critical certificate extension of a release-approval certificate: the one {@link ReleaseId} it approves. */
    public static final ASN1ObjectIdentifier ID_CE_RELEASE = ARC.branch("3");

    /** The code-signing sub-CA: id (files {@code ca-cs.*}, CRL {@code /crl/cs.crl}) and CN. */
    public static final String CA_ID = "cs";
    public static final String CA_COMMON_NAME = "CS-Sub.CA";

    private CodeSigningProfile() {}

    public static String manufacturerCommonName(String manufacturer) {
        return manufacturer + ".CS";
    }

    public static String notifiedBodyCommonName(String notifiedBody) {
        return notifiedBody + ".NB";
    }

    static X509CertificateHolder manufacturer(CertificateAuthority ca, String manufacturer, SubjectPublicKeyInfo key,
                                              BigInteger serial, Instant notBefore, Instant notAfter, PublicationPoints points) {
        return build(ca, manufacturerCommonName(manufacturer), key, serial, notBefore, notAfter, points,
                KeyPurposeId.id_kp_codeSigning, null);
    }

    static X509CertificateHolder releaseApproval(CertificateAuthority ca, String notifiedBody, ReleaseId release,
                                                 SubjectPublicKeyInfo key, BigInteger serial, Instant notBefore, Instant notAfter,
                                                 PublicationPoints points) {
        return build(ca, notifiedBodyCommonName(notifiedBody), key, serial, notBefore, notAfter, points,
                KeyPurposeId.getInstance(ID_KP_RELEASE_APPROVAL), release);
    }

    private static X509CertificateHolder build(CertificateAuthority ca, String commonName, SubjectPublicKeyInfo key,
                                               BigInteger serial, Instant notBefore, Instant notAfter, PublicationPoints points,
                                               KeyPurposeId purpose, ReleaseId release) {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(ca.certificate().getSubject(), serial,
                Date.from(notBefore), Date.from(notAfter), SmPkiProfile.name(commonName), key);
        try {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(purpose));
            ProfileCertificates.addIssuerLinks(builder, ca, points);
            builder.addExtension(Extension.subjectKeyIdentifier, false, ProfileCertificates.utils().createSubjectKeyIdentifier(key));
            builder.addExtension(Extension.certificatePolicies, false, ProfileCertificates.policies());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            if (release != null) {
                builder.addExtension(ID_CE_RELEASE, false, release.toAsn1());
            }
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot build the certificate for " + commonName, e);
        }
        return builder.build(ca.signer());
    }
}
