package org.bcpki.pki.codesign;

import java.security.KeyPair;
import java.security.SecureRandom;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.pki.Names;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A notified body approving releases: it checks the manufacturer's signature over the image it examined,
 * then countersigns with a fresh ML-DSA-65 key certified for that one release and discards the key. Revoking
 * that certificate withdraws the release and nothing else; no long-lived approval key exists to leak.
 */
public final class NotifiedBody {
    /** The countersigned release and the per-release certificate whose revocation withdraws it. */
    public record Approval(byte[] signedRelease, ReleaseId release, X509CertificateHolder certificate) {}

    private final String name;
    private final CodeSigningCa ca;

    public NotifiedBody(String name, CodeSigningCa ca) {
        this.name = name;
        this.ca = ca;
    }

    public Approval approve(byte[] signedRelease, byte[] image) {
        ReleasePackage signed = ReleasePackage.parse(signedRelease);
        X509CertificateHolder manufacturer = signed.certificateOf(signed.signer());
        if (manufacturer == null || !ReleaseVerifier.hasPurpose(manufacturer, KeyPurposeId.id_kp_codeSigning)
                || !Names.same(manufacturer.getIssuer(), ca.certificate().getSubject())) {
            throw new IllegalArgumentException("the release is not signed with a code-signing certificate of " + CodeSigningProfile.CA_COMMON_NAME);
        }
        if (!ReleaseId.sha256(image).equals(signed.release().imageSha256())
                || ReleaseSignatures.verify(signed.signerOver(image), manufacturer) != ReleaseSignatures.Check.VALID) {
            throw new IllegalArgumentException("the manufacturer's signature does not verify over the examined image");
        }
        KeyPair key = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).generate(new SecureRandom());
        X509CertificateHolder certificate = ca.certifyRelease(name, signed.release(), key.getPublic());
        return new Approval(ReleaseSignatures.countersign(signed, key, certificate), signed.release(), certificate);
    }

    public String name() {
        return name;
    }
}
