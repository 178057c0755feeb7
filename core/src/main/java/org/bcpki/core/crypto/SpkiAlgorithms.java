package org.bcpki.core.crypto;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.bc.BCObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.teletrust.TeleTrusTObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Maps a SubjectPublicKeyInfo's AlgorithmIdentifier (and EC curve) to a {@link KeyAlgorithm}. */
final class SpkiAlgorithms {
    /** id-MLDSA65-ECDSA-brainpoolP256r1-SHA512 from the IETF composite signatures draft. */
    static final ASN1ObjectIdentifier COMPOSITE_MLDSA65_BP256 = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.6.47");

    private SpkiAlgorithms() {}

    static KeyAlgorithm identify(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return curve(spki.getAlgorithm().getParameters());
        }
        if (oid.equals(NISTObjectIdentifiers.id_ml_dsa_44)) return KeyAlgorithm.ML_DSA_44;
        if (oid.equals(NISTObjectIdentifiers.id_ml_dsa_65)) return KeyAlgorithm.ML_DSA_65;
        if (oid.equals(NISTObjectIdentifiers.id_ml_dsa_87)) return KeyAlgorithm.ML_DSA_87;
        if (oid.equals(NISTObjectIdentifiers.id_slh_dsa_sha2_128s)) return KeyAlgorithm.SLH_DSA_SHA2_128S;
        if (oid.equals(NISTObjectIdentifiers.id_slh_dsa_sha2_128f)) return KeyAlgorithm.SLH_DSA_SHA2_128F;
        if (oid.equals(BCObjectIdentifiers.falcon_512)) return KeyAlgorithm.FALCON_512;
        if (oid.equals(COMPOSITE_MLDSA65_BP256)) return KeyAlgorithm.MLDSA65_ECDSA_BRAINPOOLP256R1;
        throw new IllegalArgumentException("unsupported public key algorithm " + oid);
    }

    private static KeyAlgorithm curve(ASN1Encodable parameters) {
        if (!(parameters instanceof ASN1ObjectIdentifier curve)) {
            throw new IllegalArgumentException("EC public keys must name their curve by OID");
        }
        if (curve.equals(SECObjectIdentifiers.secp256k1)) return KeyAlgorithm.ECDSA_SECP256K1;
        if (curve.equals(SECObjectIdentifiers.secp256r1)) return KeyAlgorithm.ECDSA_P256;
        if (curve.equals(TeleTrusTObjectIdentifiers.brainpoolP256r1)) return KeyAlgorithm.ECDSA_BRAINPOOLP256R1;
        if (curve.equals(TeleTrusTObjectIdentifiers.brainpoolP384r1)) return KeyAlgorithm.ECDSA_BRAINPOOLP384R1;
        throw new IllegalArgumentException("unsupported EC curve " + curve);
    }
}
