package org.bcpki.pki.codesign;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.CollectionStore;

/**
 * Bouncy Castle's CMS (RFC 5652) for releases, ML-DSA-65 over SHA-512 (RFC 9882): the manufacturer's detached
 * SignedData with signed attributes contentType, messageDigest, signingTime, CMSAlgorithmProtection (RFC 6211)
 * and the {@link ReleaseId}; a countersignature (RFC 5652 §11.4: an unsigned countersignature attribute holding
 * a SignerInfo over the manufacturer's signature value, with messageDigest, signingTime and
 * CMSAlgorithmProtection, no contentType); and checking either signature against a certificate.
 */
final class ReleaseSignatures {
    static final String ALGORITHM = "ML-DSA-65";

    /** How a signature checked out against its certificate's key. */
    enum Check { VALID, WRONG_CONTENT, INVALID }

    private ReleaseSignatures() {}

    /** The manufacturer's signed release: DER of a detached SignedData carrying {@code certificates}. */
    static byte[] sign(ReleaseId release, byte[] image, KeyPair key, X509CertificateHolder certificate,
                       List<X509CertificateHolder> certificates) {
        if (!ReleaseId.sha256(image).equals(release.imageSha256())) {
            throw new IllegalArgumentException("the image does not hash to the release's SHA-256");
        }
        try {
            AttributeTable releaseAttribute = new AttributeTable(
                    new Attribute(CodeSigningProfile.ID_AA_RELEASE, new DERSet(release.toAsn1())));
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo(key, certificate, new DefaultSignedAttributeTableGenerator(releaseAttribute)));
            generator.addCertificates(new CollectionStore<>(certificates));
            return der(generator.generate(new CMSProcessableByteArray(image), false));
        } catch (CMSException e) {
            throw new IllegalStateException("cannot sign the release: " + e.getMessage(), e);
        }
    }

    /** Adds a countersignature by {@code key} to the package's one SignerInfo and {@code certificate} to its certificates. */
    static byte[] countersign(ReleasePackage signed, KeyPair key, X509CertificateHolder certificate) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo(key, certificate, new DefaultSignedAttributeTableGenerator()));
            SignerInformation countersigned = SignerInformation.addCounterSigners(signed.signer(),
                    generator.generateCounterSigners(signed.signer()));
            CMSSignedData data = CMSSignedData.replaceSigners(new CMSSignedData(signed.contentInfo()),
                    new SignerInformationStore(countersigned));
            List<X509CertificateHolder> certificates = new ArrayList<>(signed.certificates());
            certificates.add(certificate);
            return der(CMSSignedData.replaceCertificatesAndCRLs(data, new CollectionStore<>(certificates), null, null));
        } catch (CMSException e) {
            throw new IllegalStateException("cannot countersign the release: " + e.getMessage(), e);
        }
    }

    /** Checks one SignerInfo (a signature over its content, or a countersignature) against the certificate's key. */
    static Check verify(SignerInformation signer, X509CertificateHolder certificate) {
        try {
            if (SignatureSuite.identify(certificate.getSubjectPublicKeyInfo().getEncoded()) != KeyAlgorithm.ML_DSA_65) {
                return Check.INVALID;
            }
            // Bouncy Castle also refuses a signingTime outside the certificate's validity.
            return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(SignatureSuite.provider()).build(certificate))
                    ? Check.VALID : Check.INVALID;
        } catch (CMSSignerDigestMismatchException e) {
            return Check.WRONG_CONTENT;
        } catch (CMSException | OperatorCreationException | IOException | CertificateException | RuntimeException e) {
            return Check.INVALID;
        }
    }

    private static SignerInfoGenerator signerInfo(KeyPair key, X509CertificateHolder certificate,
                                                  DefaultSignedAttributeTableGenerator attributes) {
        try {
            return new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().setProvider(SignatureSuite.provider()).build())
                    .setSignedAttributeGenerator(attributes)
                    .build(new JcaContentSignerBuilder(ALGORITHM).setProvider(SignatureSuite.provider()).build(key.getPrivate()),
                            certificate);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    private static byte[] der(CMSSignedData data) {
        try {
            return data.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
