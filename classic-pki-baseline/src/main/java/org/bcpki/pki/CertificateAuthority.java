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

/**
 * A CA: its id (file names, CRL URLs), certificate and signing key. {@code role} is the SM-PKI role a sub-CA
 * certifies; null for the root and for sub-CAs of other profiles (code signing).
 */
public record CertificateAuthority(String id, Role role, X509CertificateHolder certificate, PrivateKey privateKey) {

    /** The root (role null) or the SM-PKI sub-CA of a role. */
    public CertificateAuthority(Role role, X509CertificateHolder certificate, PrivateKey privateKey) {
        this(SmPkiProfile.caId(role), role, certificate, privateKey);
    }

    public boolean isRoot() {
        return id.equals(SmPkiProfile.caId(null));
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
