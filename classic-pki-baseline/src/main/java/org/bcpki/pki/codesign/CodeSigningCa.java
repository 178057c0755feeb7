package org.bcpki.pki.codesign;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.pki.CertificateAuthority;
import org.bcpki.pki.Names;
import org.bcpki.pki.Pem;
import org.bcpki.pki.PkiStore;
import org.bcpki.pki.ProfileCertificates;
import org.bcpki.pki.RevocationReason;
import org.bcpki.pki.Serials;
import org.bcpki.pki.SmPki;
import org.bcpki.pki.SmPkiProfile;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The code-signing sub-CA ({@code CS-Sub.CA}) of an SM-PKI, run by its operator in-process: it certifies
 * manufacturers' code-signing keys and a notified body's per-release approval keys, stores and audits each
 * certificate like the SM-PKI's own (so its CRL, delta CRL and OCSP speak for them), and revokes them.
 * Release keys are ML-DSA-65, the release signature algorithm of the chain side as well.
 */
public final class CodeSigningCa {
    /** Usage column of the store for the two certificate kinds. */
    static final String CODE_SIGNING = "CODE_SIGNING";
    static final String RELEASE_APPROVAL = "RELEASE_APPROVAL";
    private static final int SERIAL_ATTEMPTS = 8;

    private final SmPki pki;
    private final CertificateAuthority ca;
    private final String operator;

    private CodeSigningCa(SmPki pki, CertificateAuthority ca, String operator) {
        this.pki = pki;
        this.ca = ca;
        this.operator = operator;
    }

    /** The PKI's code-signing sub-CA, created under the root on first use (needs the root key in the PKI directory). */
    public static CodeSigningCa of(SmPki pki, String operator) throws IOException {
        return new CodeSigningCa(pki, pki.profileSubCa(CodeSigningProfile.CA_ID, CodeSigningProfile.CA_COMMON_NAME, operator),
                operator);
    }

    public X509CertificateHolder certificate() {
        return ca.certificate();
    }

    /** A manufacturer's code-signing certificate, valid for the SM-PKI end-user lifetime (2 years). */
    public X509CertificateHolder certifyManufacturer(String manufacturer, PublicKey key) {
        SubjectId.parseCanonical(manufacturer); // the CN reads <name>.CS, <name>.NB: identity names only
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.atOffset(ZoneOffset.UTC).plus(SmPkiProfile.endUserLifetime(Role.MANUFACTURER)).toInstant();
        return store(CodeSigningProfile.manufacturerCommonName(manufacturer), Role.MANUFACTURER, CODE_SIGNING, notAfter,
                serial -> CodeSigningProfile.manufacturer(ca, manufacturer, spki(key), serial, now, capped(notAfter),
                        pki.settings().points()));
    }

    /**
     * A notified body's approval certificate for exactly one release, valid until the code-signing CA expires:
     * revoking it withdraws that release and nothing else.
     */
    public X509CertificateHolder certifyRelease(String notifiedBody, ReleaseId release, PublicKey key) {
        SubjectId.parseCanonical(notifiedBody);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = ca.certificate().getNotAfter().toInstant();
        return store(CodeSigningProfile.notifiedBodyCommonName(notifiedBody), Role.AUTHORITY, RELEASE_APPROVAL, notAfter,
                serial -> CodeSigningProfile.releaseApproval(ca, notifiedBody, release, spki(key), serial, now, notAfter,
                        pki.settings().points()));
    }

    /** Revokes a certificate this CA issued; the next CRL and delta CRL of {@code cs} list it. */
    public PkiStore.Revocation revoke(X509CertificateHolder certificate, RevocationReason reason) {
        if (!Names.same(certificate.getIssuer(), ca.certificate().getSubject())) {
            throw new IllegalArgumentException("certificate " + Serials.toHex(certificate.getSerialNumber())
                    + " was not issued by " + CodeSigningProfile.CA_COMMON_NAME);
        }
        return pki.revoke(certificate.getSerialNumber(), reason, operator);
    }

    private interface Build {
        X509CertificateHolder with(BigInteger serial);
    }

    private X509CertificateHolder store(String commonName, Role role, String usage, Instant notAfter, Build build) {
        for (int attempt = 0; attempt < SERIAL_ATTEMPTS; attempt++) {
            X509CertificateHolder certificate = build.with(ProfileCertificates.randomSerial());
            if (pki.store().insertCertificate(certificate.getSerialNumber(), ca.id(), commonName, role.name(), usage,
                    certificate.getNotAfter().toInstant(), Pem.der(certificate), operator)) {
                pki.store().audit(operator, "issue", usage + " " + commonName + " " + Serials.toHex(certificate.getSerialNumber()), "ok");
                return certificate;
            }
        }
        throw new IllegalStateException("no free serial after " + SERIAL_ATTEMPTS + " attempts");
    }

    private Instant capped(Instant notAfter) {
        Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
        return notAfter.isAfter(caNotAfter) ? caNotAfter : notAfter;
    }

    private static SubjectPublicKeyInfo spki(PublicKey key) {
        if (SignatureSuite.identify(key.getEncoded()) != KeyAlgorithm.ML_DSA_65) {
            throw new IllegalArgumentException("release keys are ML-DSA-65");
        }
        return ProfileCertificates.spki(key);
    }
}
