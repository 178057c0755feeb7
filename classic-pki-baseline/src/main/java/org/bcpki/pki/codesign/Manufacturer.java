package org.bcpki.pki.codesign;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.release.DeviceType;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A manufacturer with its ML-DSA-65 code-signing key (kept in memory) and certificate: it signs each release
 * as a detached CMS SignedData carrying its certificate and the code-signing CA's.
 */
public final class Manufacturer {
    private final String name;
    private final KeyPair key;
    private final X509CertificateHolder certificate;
    private final X509CertificateHolder caCertificate;

    private Manufacturer(String name, KeyPair key, X509CertificateHolder certificate, X509CertificateHolder caCertificate) {
        this.name = name;
        this.key = key;
        this.certificate = certificate;
        this.caCertificate = caCertificate;
    }

    /** A new key, certified by the code-signing CA. */
    public static Manufacturer enrol(CodeSigningCa ca, String name) {
        KeyPair key = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).generate(new SecureRandom());
        return new Manufacturer(name, key, ca.certifyManufacturer(name, key.getPublic()), ca.certificate());
    }

    /** The signed release of {@code image} as {@code deviceType} version {@code version} (DER, no countersignature yet). */
    public byte[] sign(DeviceType deviceType, long version, byte[] image) {
        return ReleaseSignatures.sign(ReleaseId.of(deviceType, version, image), image, key, certificate,
                List.of(certificate, caCertificate));
    }

    public String name() {
        return name;
    }

    public X509CertificateHolder certificate() {
        return certificate;
    }
}
