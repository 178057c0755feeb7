package org.bcpki.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Turns a registrar's PKCS#10 request into a profile certificate. Everything in the request is
 * untrusted: the proof of possession (the CSR's signature), the key algorithm, the CN and any
 * requested SubjectAltName are checked before anything is signed or stored.
 */
public final class Issuer {
    private static final int SERIAL_ATTEMPTS = 8;

    /** A certificate the CA issued. */
    public record Issued(BigInteger serial, String commonName, Role role, CertificateUsage usage,
                         X509CertificateHolder certificate) {
        public String serialHex() {
            return Serials.toHex(serial);
        }
    }

    /** A newly generated end-entity key and its certificate (for the CLI and tests). */
    public record IssuedWithKey(Issued issued, KeyPair keyPair) {}

    private final SmPki pki;

    Issuer(SmPki pki) {
        this.pki = pki;
    }

    /**
     * Issues on a registrar's request (the issuance web service) with the profile's lifetime: the role
     * and the subject must lie inside the registrar's scope, otherwise {@link NotPermitted}.
     */
    public Issued issue(Registrar registrar, PKCS10CertificationRequest csr, Role role, CertificateUsage usage) {
        return issueWithin(registrar.name(), registrar.scope(), csr, role, usage);
    }

    /**
     * Issues for {@code actor} inside {@code scope} with the profile's lifetime starting now: the registrar's
     * path, and EST re-enrolment, whose scope is the current certificate's own role and subject.
     */
    Issued issueWithin(String actor, RegistrarScope scope, PKCS10CertificationRequest csr, Role role, CertificateUsage usage) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return issue(actor, scope, csr, role, usage, now,
                now.atOffset(ZoneOffset.UTC).plus(SmPkiProfile.endUserLifetime(role)).toInstant());
    }

    /** Issues as the CA operator working on the PKI directory, with the profile's lifetime starting now. */
    public Issued issue(String registrar, PKCS10CertificationRequest csr, Role role, CertificateUsage usage) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return issue(registrar, csr, role, usage, now,
                now.atOffset(ZoneOffset.UTC).plus(SmPkiProfile.endUserLifetime(role)).toInstant());
    }

    /** Issues with an explicit validity window (the CA operator's choice, e.g. for short-lived test certificates). */
    public Issued issue(String registrar, PKCS10CertificationRequest csr, Role role, CertificateUsage usage,
                        Instant notBefore, Instant notAfter) {
        return issue(registrar, RegistrarScope.ALL_END_ENTITIES, csr, role, usage, notBefore, notAfter);
    }

    private Issued issue(String registrar, RegistrarScope scope, PKCS10CertificationRequest csr, Role role,
                         CertificateUsage usage, Instant notBefore, Instant notAfter) {
        String detail = role + " " + usage;
        try {
            Issued issued = checkAndIssue(registrar, scope, csr, role, usage, notBefore, notAfter);
            pki.store().audit(registrar, "issue", detail + " " + issued.commonName() + " " + issued.serialHex(), "ok");
            return issued;
        } catch (IllegalArgumentException | NotPermitted e) {
            pki.store().audit(registrar, "issue", detail, "rejected: " + e.getMessage());
            throw e;
        }
    }

    /** Generates a key of the hierarchy's end-entity algorithm, requests and issues its certificate. */
    public IssuedWithKey issueNewKey(String registrar, String identity, Role role, CertificateUsage usage) {
        KeyAlgorithm algorithm = pki.settings().algorithm().subKey();
        KeyPair key = SignatureSuite.of(algorithm).generate(new SecureRandom());
        PKCS10CertificationRequest csr = request(key, SmPkiProfile.endUserCommonName(identity, role));
        return new IssuedWithKey(issue(registrar, csr, role, usage), key);
    }

    /** A PKCS#10 request for a key, CN as given, signed with the key's profile signature algorithm. */
    public static PKCS10CertificationRequest request(KeyPair key, String commonName) {
        String signature = PkiAlgorithm.signatureFor(SignatureSuite.identify(key.getPublic().getEncoded()));
        return new JcaPKCS10CertificationRequestBuilder(SmPkiProfile.name(commonName), key.getPublic())
                .build(CertificateAuthority.signer(key.getPrivate(), signature));
    }

    private Issued checkAndIssue(String registrar, RegistrarScope scope, PKCS10CertificationRequest csr, Role role,
                                 CertificateUsage usage, Instant notBefore, Instant notAfter) {
        CertificateAuthority ca = pki.subCa(role);
        if (!scope.roles().contains(role)) {
            throw new NotPermitted("registrar '" + registrar + "' may not issue " + role + " certificates (" + scope + ")");
        }
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
        Request request = checkRequest(csr, role, usage, pki.settings().algorithm());
        if (!scope.permitsCommonName(request.commonName())) {
            throw new NotPermitted(request.commonName() + " is outside registrar '" + registrar + "'s scope (" + scope + ")");
        }
        ProfileCertificates.EndEntitySpec spec = new ProfileCertificates.EndEntitySpec(request.commonName(), role, usage,
                request.publicKey(), notBefore, notAfter, request.subjectAltName());
        for (int attempt = 0; attempt < SERIAL_ATTEMPTS; attempt++) {
            BigInteger serial = ProfileCertificates.randomSerial();
            if (pki.store().serialExists(serial)) {
                continue;
            }
            X509CertificateHolder certificate = ProfileCertificates.endEntity(ca, spec, serial, pki.settings().points());
            if (pki.store().insertCertificate(serial, ca.id(), request.commonName(), role.name(), usage.name(), notAfter,
                    encoded(certificate), registrar)) {
                return new Issued(serial, request.commonName(), role, usage, certificate);
            }
        }
        throw new IllegalStateException("could not draw a unique serial in " + SERIAL_ATTEMPTS + " attempts");
    }

    /** What a request asks for once it passed every check: the profile CN, the key and the SubjectAltName to certify. */
    record Request(String commonName, SubjectPublicKeyInfo publicKey, GeneralNames subjectAltName) {}

    /**
     * The checks on the request itself, for {@code role} and {@code usage} in a PKI of {@code algorithm}: key
     * algorithm, proof of possession, CN and SubjectAltName. Anything wrong is an IllegalArgumentException that
     * says why (the web service's 400).
     */
    static Request checkRequest(PKCS10CertificationRequest csr, Role role, CertificateUsage usage, PkiAlgorithm algorithm) {
        KeyAlgorithm keyAlgorithm = keyAlgorithm(csr);
        Set<KeyAlgorithm> allowed = allowedKeys(algorithm);
        if (!allowed.contains(keyAlgorithm)) {
            throw new IllegalArgumentException("a " + algorithm.cliName() + " PKI certifies " + allowed + " keys, not " + keyAlgorithm);
        }
        if (usage == CertificateUsage.ENCRYPTION && keyAlgorithm.isPostQuantum()) {
            throw new IllegalArgumentException("encryption certificates need an EC key for key agreement, not " + keyAlgorithm);
        }
        verifyProofOfPossession(csr);
        String commonName = commonName(csr, role);
        return new Request(commonName, csr.getSubjectPublicKeyInfo(), subjectAltName(csr, role, commonName));
    }

    private static Set<KeyAlgorithm> allowedKeys(PkiAlgorithm algorithm) {
        KeyAlgorithm profile = algorithm.subKey();
        // TR-03116-3 security modules also support NIST P-256 next to brainpoolP256r1.
        return profile == KeyAlgorithm.ECDSA_BRAINPOOLP256R1 ? Set.of(profile, KeyAlgorithm.ECDSA_P256) : Set.of(profile);
    }

    private static KeyAlgorithm keyAlgorithm(PKCS10CertificationRequest csr) {
        try {
            return SignatureSuite.identify(Pem.der(csr.getSubjectPublicKeyInfo()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the CSR's public key is not usable: " + e.getMessage(), e);
        }
    }

    static void verifyProofOfPossession(PKCS10CertificationRequest csr) {
        boolean valid;
        try {
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(SignatureSuite.provider())
                    .build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            throw new IllegalArgumentException("the CSR's signature cannot be checked: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new IllegalArgumentException("the CSR's signature is invalid (no proof of possession of the key)");
        }
    }

    /** Accepts a CSR CN of {@code <identity>} or {@code <identity>.<ROLE>}, and returns the profile CN. */
    private static String commonName(PKCS10CertificationRequest csr, Role role) {
        String requested = requestedCommonName(csr.getSubject());
        java.util.Optional<Role> named = SmPkiProfile.roleOfCommonName(requested);
        if (named.isPresent() && named.get() != role) {
            throw new IllegalArgumentException("the CSR names " + requested + " but the request is for role " + role);
        }
        String identity = named.isPresent() ? requested.substring(0, requested.lastIndexOf('.')) : requested;
        return SmPkiProfile.endUserCommonName(identity, role);
    }

    /**
     * The subject's one CN. A subject with no CN, several CNs, or a CN that is not a string is refused: the
     * CA would otherwise certify a name it picked by guessing (e.g. another attribute of a multi-valued RDN).
     */
    private static String requestedCommonName(X500Name subject) {
        List<ASN1Encodable> values = new ArrayList<>();
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(BCStyle.CN)) {
                    values.add(attribute.getValue());
                }
            }
        }
        if (values.size() != 1) {
            throw new IllegalArgumentException("the CSR's subject must hold exactly one CN, not " + values.size());
        }
        if (!(values.get(0) instanceof ASN1String cn) || cn.getString().isBlank()) {
            throw new IllegalArgumentException("the CSR's CN must be a non-empty string");
        }
        return cn.getString();
    }

    /** GWA, GWH and EMT get the SAN they asked for (URI or DNS names only) or a default; SMGW and LMN get none. */
    private static GeneralNames subjectAltName(PKCS10CertificationRequest csr, Role role, String commonName) {
        GeneralNames requested = requestedSubjectAltName(csr);
        if (!SmPkiProfile.requiresSubjectAltName(role)) {
            if (requested != null) {
                throw new IllegalArgumentException(SmPkiProfile.suffix(role) + " certificates must not carry a SubjectAltName");
            }
            return null;
        }
        if (requested == null) {
            return ProfileCertificates.defaultSubjectAltName(commonName.substring(0, commonName.lastIndexOf('.')));
        }
        if (requested.getNames().length == 0) {
            throw new IllegalArgumentException("the requested SubjectAltName names nothing");
        }
        for (GeneralName name : requested.getNames()) {
            if (name.getTagNo() != GeneralName.dNSName && name.getTagNo() != GeneralName.uniformResourceIdentifier
                    && name.getTagNo() != GeneralName.rfc822Name) {
                throw new IllegalArgumentException("SubjectAltName may hold DNS names, URIs and e-mail addresses only");
            }
        }
        return requested;
    }

    private static GeneralNames requestedSubjectAltName(PKCS10CertificationRequest csr) {
        try {
            for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
                Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
                GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
                if (names != null) {
                    return names;
                }
            }
            return null;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the CSR's extension request is malformed: " + e.getMessage(), e);
        }
    }

    private static byte[] encoded(X509CertificateHolder certificate) {
        return Pem.der(certificate);
    }
}
