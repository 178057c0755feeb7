package org.bcpki.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A CA: its certificate and signing key. {@code role} is null for the root. */
public record CertificateAuthority(Role role, X509CertificateHolder certificate, PrivateKey privateKey) {

    public String id() {
        return SmPkiProfile.caId(role);
    }

    public boolean isRoot() {
        return role == null;
    }

    public KeyAlgorithm keyAlgorithm() {
        return SignatureSuite.identify(Pem.der(certificate.getSubjectPublicKeyInfo()));
    }

    public String signatureAlgorithm() {
        return PkiAlgorithm.signatureFor(keyAlgorithm());
    }

    public X509Certificate x509() {
        return Pem.toX509(certificate);
    }

    public ContentSigner signer() {
        return signer(privateKey, signatureAlgorithm());
    }

    static ContentSigner signer(PrivateKey key, String signatureAlgorithm) {
        try {
            return new JcaContentSignerBuilder(signatureAlgorithm).setProvider(SignatureSuite.provider()).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + signatureAlgorithm, e);
        }
    }
}
