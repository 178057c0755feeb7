package org.bcpki.pki.codesign;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bcpki.core.MalformedDataException;
import org.bcpki.pki.Pem;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;

/**
 * A signed release as the gateway receives it, read strictly before anything is verified: exactly DER, a CMS
 * ContentInfo of type SignedData (RFC 5652) with detached content (the image), exactly one SignerInfo (the
 * manufacturer's) signing with ML-DSA-65 over SHA-512 and carrying exactly one {@link ReleaseId} signed
 * attribute, at most {@value #MAX_CERTIFICATES} certificates and {@value #MAX_COUNTERSIGNATURES}
 * countersignatures. Anything else is a {@link MalformedDataException}.
 */
public final class ReleasePackage {
    public static final int MAX_BYTES = 256 * 1024;
    static final int MAX_CERTIFICATES = 8;
    static final int MAX_COUNTERSIGNATURES = 4;

    private final byte[] encoded;
    private final ContentInfo contentInfo;
    private final SignerInformation signer;
    private final List<X509CertificateHolder> certificates;
    private final ReleaseId release;

    private ReleasePackage(byte[] encoded, ContentInfo contentInfo, SignerInformation signer,
                           List<X509CertificateHolder> certificates, ReleaseId release) {
        this.encoded = encoded;
        this.contentInfo = contentInfo;
        this.signer = signer;
        this.certificates = certificates;
        this.release = release;
    }

    public static ReleasePackage parse(byte[] blob) {
        if (blob == null || blob.length == 0) {
            throw new MalformedDataException("the signed release is empty");
        }
        if (blob.length > MAX_BYTES) {
            throw new MalformedDataException("the signed release has " + blob.length + " bytes, at most " + MAX_BYTES + " are read");
        }
        try {
            ContentInfo contentInfo = ContentInfo.getInstance(ASN1Primitive.fromByteArray(blob));
            if (!CMSObjectIdentifiers.signedData.equals(contentInfo.getContentType())) {
                throw new MalformedDataException("not CMS SignedData but content type " + contentInfo.getContentType());
            }
            if (!Arrays.equals(contentInfo.getEncoded(ASN1Encoding.DER), blob)) {
                throw new MalformedDataException("the signed release is not exactly DER");
            }
            CMSSignedData signedData = new CMSSignedData(contentInfo);
            if (!signedData.isDetachedSignature()) {
                throw new MalformedDataException("the SignedData carries its content; a release signature is detached (the image)");
            }
            if (signedData.getSignerInfos().size() != 1) {
                throw new MalformedDataException("a signed release has exactly one SignerInfo (the manufacturer's), this one "
                        + signedData.getSignerInfos().size());
            }
            SignerInformation signer = signedData.getSignerInfos().iterator().next();
            requireMlDsa65(signer, "the manufacturer's signature");
            if (signer.getCounterSignatures().size() > MAX_COUNTERSIGNATURES) {
                throw new MalformedDataException("more than " + MAX_COUNTERSIGNATURES + " countersignatures");
            }
            return new ReleasePackage(blob.clone(), contentInfo, signer, certificates(signedData), releaseOf(signer));
        } catch (MalformedDataException e) {
            throw e;
        } catch (IOException | CMSException | RuntimeException e) {
            throw new MalformedDataException("the signed release is not a readable CMS SignedData: " + e.getMessage(), e);
        }
    }

    /** The one release the manufacturer signed (its signed attribute; not yet verified). */
    public ReleaseId release() {
        return release;
    }

    public List<X509CertificateHolder> certificates() {
        return certificates;
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    public int size() {
        return encoded.length;
    }

    /** Bytes of the certificates the package carries (part of {@link #size()}). */
    public int certificateBytes() {
        return certificates.stream().mapToInt(certificate -> Pem.der(certificate).length).sum();
    }

    /** The manufacturer's SignerInfo, bound to {@code image} as its detached content for verification. */
    SignerInformation signerOver(byte[] image) {
        try {
            return new CMSSignedData(new CMSProcessableByteArray(image), contentInfo).getSignerInfos().iterator().next();
        } catch (CMSException e) {
            throw new MalformedDataException("the signed release cannot be re-read: " + e.getMessage(), e);
        }
    }

    /** The manufacturer's SignerInfo without content (for its signature value and countersignatures). */
    SignerInformation signer() {
        return signer;
    }

    ContentInfo contentInfo() {
        return contentInfo;
    }

    /** The package's certificate the signer names (issuer and serial, or subject key identifier), or null. */
    X509CertificateHolder certificateOf(SignerInformation signerInfo) {
        for (X509CertificateHolder certificate : certificates) {
            if (signerInfo.getSID().match(certificate)) {
                return certificate;
            }
        }
        return null;
    }

    static void requireMlDsa65(SignerInformation signerInfo, String what) {
        if (!NISTObjectIdentifiers.id_ml_dsa_65.getId().equals(signerInfo.getEncryptionAlgOID())) {
            throw new MalformedDataException(what + " uses algorithm " + signerInfo.getEncryptionAlgOID() + ", not ML-DSA-65");
        }
        if (!NISTObjectIdentifiers.id_sha512.getId().equals(signerInfo.getDigestAlgOID())) {
            throw new MalformedDataException(what + " uses digest " + signerInfo.getDigestAlgOID() + ", not SHA-512 (RFC 9882)");
        }
    }

    private static List<X509CertificateHolder> certificates(CMSSignedData signedData) {
        List<X509CertificateHolder> certificates = new ArrayList<>();
        for (X509CertificateHolder certificate : signedData.getCertificates().getMatches(null)) {
            if (certificates.size() == MAX_CERTIFICATES) {
                throw new MalformedDataException("more than " + MAX_CERTIFICATES + " certificates");
            }
            // Read as the PKI reads any certificate (exactly DER, names readable): Bouncy Castle parses lazily.
            certificates.add(Pem.certificate(Pem.der(certificate)));
        }
        return List.copyOf(certificates);
    }

    private static ReleaseId releaseOf(SignerInformation signer) {
        AttributeTable signed = signer.getSignedAttributes();
        if (signed == null) {
            throw new MalformedDataException("the manufacturer's signature has no signed attributes");
        }
        if (signed.getAll(CodeSigningProfile.ID_AA_RELEASE).size() != 1) {
            throw new MalformedDataException("the manufacturer's signature needs exactly one release attribute ("
                    + CodeSigningProfile.ID_AA_RELEASE + "), it has " + signed.getAll(CodeSigningProfile.ID_AA_RELEASE).size());
        }
        Attribute attribute = signed.get(CodeSigningProfile.ID_AA_RELEASE);
        if (attribute.getAttrValues().size() != 1) {
            throw new MalformedDataException("the release attribute has exactly one value, this one " + attribute.getAttrValues().size());
        }
        return ReleaseId.parse(attribute.getAttrValues().getObjectAt(0));
    }
}
