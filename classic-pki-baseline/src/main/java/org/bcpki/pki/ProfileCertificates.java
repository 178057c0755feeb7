package org.bcpki.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Builds certificates to the TR-03109-4 profile: root and sub-CA certificates, and end-user
 * certificates with keyUsage (critical), AKI, SKI, certificatePolicies, IssuerAltName,
 * basicConstraints, CRLDistributionPoints, and SubjectAltName for GWA/GWH/EMT only.
 */
public final class ProfileCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ProfileCertificates() {}

    /** What an end-user certificate says; the CA adds issuer, serial and the profile extensions. */
    public record EndEntitySpec(String commonName, Role role, CertificateUsage usage, SubjectPublicKeyInfo publicKey,
                                Instant notBefore, Instant notAfter, GeneralNames subjectAltName) {}

    /** A fresh random positive serial of 127 bits (RFC 5280 allows up to 20 octets). */
    public static BigInteger randomSerial() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[0] &= 0x7f;
        bytes[0] |= 0x40; // always 16 octets, so serials print with a fixed width
        return new BigInteger(1, bytes);
    }

    public static X509CertificateHolder root(KeyPair key, Instant notBefore) {
        X500Name name = SmPkiProfile.name(SmPkiProfile.ROOT_CN);
        Instant notAfter = notBefore.atOffset(ZoneOffset.UTC).plus(SmPkiProfile.ROOT_LIFETIME).toInstant();
        try {
            X509v3CertificateBuilder builder = builder(name, randomSerial(), notBefore, notAfter, name,
                    spki(key.getPublic()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils().createSubjectKeyIdentifier(spki(key.getPublic())));
            builder.addExtension(Extension.certificatePolicies, false, policies());
            return builder.build(CertificateAuthority.signer(key.getPrivate(), signatureOf(key.getPublic())));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot build the root certificate", e);
        }
    }

    public static X509CertificateHolder subCa(CertificateAuthority root, Role role, PublicKey key, Instant notBefore,
                                              PublicationPoints points) {
        return subCa(root, SmPkiProfile.subCaCommonName(role), key, notBefore, points);
    }

    /** A sub-CA certificate under the root with the given CN (a sub-CA of another profile, e.g. code signing). */
    public static X509CertificateHolder subCa(CertificateAuthority root, String commonName, PublicKey key, Instant notBefore,
                                              PublicationPoints points) {
        Instant notAfter = notBefore.atOffset(ZoneOffset.UTC).plus(SmPkiProfile.SUB_CA_LIFETIME).toInstant();
        X500Name subject = SmPkiProfile.name(commonName);
        try {
            X509v3CertificateBuilder builder = builder(root.certificate().getSubject(), randomSerial(), notBefore, notAfter,
                    subject, spki(key));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            addIssuerLinks(builder, root, points);
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils().createSubjectKeyIdentifier(spki(key)));
            builder.addExtension(Extension.certificatePolicies, false, policies());
            return builder.build(root.signer());
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot build the sub-CA certificate " + commonName, e);
        }
    }

    public static X509CertificateHolder endEntity(CertificateAuthority ca, EndEntitySpec spec, BigInteger serial,
                                                  PublicationPoints points) {
        if (SmPkiProfile.requiresSubjectAltName(spec.role()) && spec.subjectAltName() == null) {
            throw new IllegalArgumentException(spec.role() + " certificates need a SubjectAltName");
        }
        if (!SmPkiProfile.requiresSubjectAltName(spec.role()) && spec.subjectAltName() != null) {
            throw new IllegalArgumentException(SmPkiProfile.suffix(spec.role()) + " certificates must not carry a SubjectAltName");
        }
        try {
            X509v3CertificateBuilder builder = builder(ca.certificate().getSubject(), serial, spec.notBefore(),
                    spec.notAfter(), SmPkiProfile.name(spec.commonName()), spec.publicKey());
            builder.addExtension(Extension.keyUsage, true, spec.usage().keyUsage());
            addIssuerLinks(builder, ca, points);
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils().createSubjectKeyIdentifier(spec.publicKey()));
            builder.addExtension(Extension.certificatePolicies, false, policies());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            if (spec.subjectAltName() != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, spec.subjectAltName());
            }
            return builder.build(ca.signer());
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot build the certificate for " + spec.commonName(), e);
        }
    }

    /** The default SubjectAltName of an identity: {@code urn:bcpki:subject:<identity>}. */
    public static GeneralNames defaultSubjectAltName(String identity) {
        return new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "urn:bcpki:subject:" + identity));
    }

    /** AKI, IssuerAltName (the CA's LDAP entry) and CRLDistributionPoints (its HTTP CRL): what every certificate a CA issues carries. */
    public static void addIssuerLinks(X509v3CertificateBuilder builder, CertificateAuthority issuer, PublicationPoints points)
            throws CertIOException {
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                utils().createAuthorityKeyIdentifier(issuer.certificate().getSubjectPublicKeyInfo()));
        builder.addExtension(Extension.issuerAlternativeName, false, new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, points.ldapUrl(issuer.certificate().getSubject()))));
        builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, points.crlUrl(issuer.id())))), null, null)}));
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, BigInteger serial, Instant notBefore, Instant notAfter,
                                                    X500Name subject, SubjectPublicKeyInfo key) {
        return new X509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter), subject, key);
    }

    public static CertificatePolicies policies() {
        return new CertificatePolicies(new PolicyInformation(SmPkiProfile.POLICY));
    }

    public static SubjectPublicKeyInfo spki(PublicKey key) {
        return SubjectPublicKeyInfo.getInstance(key.getEncoded());
    }

    private static String signatureOf(PublicKey key) {
        return PkiAlgorithm.signatureFor(org.bcpki.core.crypto.SignatureSuite.identify(key.getEncoded()));
    }

    public static JcaX509ExtensionUtils utils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 for key identifiers is missing", e);
        }
    }

}
