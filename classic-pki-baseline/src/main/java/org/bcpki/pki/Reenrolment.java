package org.bcpki.pki;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * EST re-enrolment (RFC 7030 4.2.2) authenticated by the current certificate without TLS client
 * authentication: the request must be signed by the key of a current certificate of this PKI, i.e. its
 * public key is that certificate's and its signature is the proof of possession (a renewal; a new key is a
 * new enrolment by a registrar). The current certificate is found by the request's CN and public key, and
 * must be an end-entity certificate this PKI issued, valid now and not revoked; subject and
 * SubjectAltName stay as they are. The new certificate then goes through the registrar path's checks
 * ({@link Issuer}) with a scope of just that role and subject.
 */
final class Reenrolment {
    private final SmPki pki;

    Reenrolment(SmPki pki) {
        this.pki = pki;
    }

    Issuer.Issued reenrol(PKCS10CertificationRequest csr) {
        Issuer.verifyProofOfPossession(csr); // before anything is looked up for the caller
        String commonName = SmPkiProfile.commonName(csr.getSubject());
        if (commonName == null) {
            throw new IllegalArgumentException("the request's subject has no CN");
        }
        PkiStore.IssuedCertificate current = current(csr, commonName, Instant.now());
        X509CertificateHolder certificate = holder(current);
        String actor = "holder " + Serials.toHex(current.serial());
        if (!Names.same(csr.getSubject(), certificate.getSubject())) {
            throw refused(actor, commonName, "the request's subject " + csr.getSubject() + " differs from the current certificate's "
                    + certificate.getSubject() + " (RFC 7030 4.2.2: re-enrolment keeps the subject)");
        }
        Role role = Role.valueOf(current.role());
        CertificateUsage usage = CertificateUsage.valueOf(current.usage());
        GeneralNames requested = Issuer.checkRequest(csr, role, usage, pki.settings().algorithm()).subjectAltName();
        GeneralNames held = GeneralNames.fromExtensions(certificate.getExtensions(), Extension.subjectAlternativeName);
        if (requested == null ? held != null : !requested.equals(held)) {
            throw refused(actor, commonName, "the request's SubjectAltName differs from the current certificate's"
                    + " (RFC 7030 4.2.2: re-enrolment keeps the SubjectAltName)");
        }
        String identity = current.commonName().substring(0, current.commonName().lastIndexOf('.'));
        return pki.issuer().issueWithin(actor, new RegistrarScope(Set.of(role), List.of(identity)), csr, role, usage);
    }

    /** The newest valid, unrevoked end-entity certificate of this CN that certifies the request's key. */
    private PkiStore.IssuedCertificate current(PKCS10CertificationRequest csr, String commonName, Instant now) {
        byte[] key = Pem.der(csr.getSubjectPublicKeyInfo());
        List<PkiStore.IssuedCertificate> sameKey = pki.store().certificatesByCommonName(commonName).stream()
                .filter(c -> c.role() != null && SmPkiProfile.certified(Role.valueOf(c.role())) && !SmPki.isCaCertificate(c))
                .filter(c -> Arrays.equals(key, Pem.der(holder(c).getSubjectPublicKeyInfo())))
                .sorted(Comparator.comparingLong(PkiStore.IssuedCertificate::rowId).reversed())
                .toList();
        if (sameKey.isEmpty()) {
            throw refused("anonymous", commonName, "no certificate of this PKI for " + commonName + " certifies the request's key:"
                    + " a re-enrolment is signed with the current certificate's key and keeps its subject (RFC 7030 4.2.2)");
        }
        for (PkiStore.IssuedCertificate candidate : sameKey) {
            var revocation = pki.store().revocation(candidate.serial());
            if (revocation.isPresent() && revocation.get().reason() == RevocationReason.KEY_COMPROMISE) {
                throw refused("anonymous", commonName, "the request's key was revoked for keyCompromise (certificate "
                        + Serials.toHex(candidate.serial()) + "); it is never certified again");
            }
        }
        PkiStore.IssuedCertificate newest = sameKey.get(0);
        for (PkiStore.IssuedCertificate candidate : sameKey) {
            boolean valid = !now.isBefore(holder(candidate).getNotBefore().toInstant()) && now.isBefore(candidate.notAfter());
            if (valid && pki.store().revocation(candidate.serial()).isEmpty()) {
                return candidate;
            }
        }
        String why = pki.store().revocation(newest.serial()).isPresent() ? "is revoked" : "is not valid now";
        throw refused("anonymous", commonName, "the current certificate " + Serials.toHex(newest.serial()) + " of " + commonName
                + " " + why + ": only a valid, unrevoked certificate can be re-enrolled");
    }

    private NotPermitted refused(String actor, String commonName, String reason) {
        pki.store().audit(actor, "reenroll", commonName, "rejected: " + reason);
        return new NotPermitted(reason);
    }

    private static X509CertificateHolder holder(PkiStore.IssuedCertificate stored) {
        return new X509CertificateHolder(org.bouncycastle.asn1.x509.Certificate.getInstance(stored.der()));
    }
}
