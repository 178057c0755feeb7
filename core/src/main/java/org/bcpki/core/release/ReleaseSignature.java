package org.bcpki.core.release;

import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.SubjectId;

/**
 * One ML-DSA-65 signature in a release bundle: who signed (a subject whose grant holds
 * keccak256(spki)), the public key as SPKI DER, and the signature. Only ML-DSA-65 is accepted:
 * the registry requires it of manufacturers, and one algorithm leaves nothing to downgrade.
 */
public record ReleaseSignature(SubjectId signer, byte[] spki, byte[] signature) {
    public static final KeyAlgorithm ALGORITHM = KeyAlgorithm.ML_DSA_65;
    public static final int SIGNATURE_LENGTH = 3309;
    private static final SignatureSuite SUITE = SignatureSuite.of(ALGORITHM);

    public ReleaseSignature {
        if (signer == null || spki == null || signature == null) {
            throw new IllegalArgumentException("a release signature needs signer, key and signature");
        }
        KeyAlgorithm algorithm = SignatureSuite.identify(spki);
        if (algorithm != ALGORITHM) {
            throw new IllegalArgumentException("release signatures are " + ALGORITHM.displayName() + ", this key is "
                    + algorithm.displayName());
        }
        SUITE.decodePublicKey(spki); // refuses a malformed key now, not at verification
        if (signature.length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("an ML-DSA-65 signature has " + SIGNATURE_LENGTH + " bytes, got "
                    + signature.length);
        }
        spki = spki.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] spki() {
        return spki.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** keccak256(spki): what the signer's grant must hold. */
    public Bytes32 keyHash() {
        return Bytes32.wrap(Keccak.keccak256(spki));
    }

    /** keccak256(signature): what the chain records for the manufacturer's and each approver's signature. */
    public Bytes32 signatureHash() {
        return Bytes32.wrap(Keccak.keccak256(signature));
    }

    boolean verifies(byte[] message) {
        return SUITE.verify(spki, message, signature);
    }

    static byte[] sign(java.security.KeyPair key, byte[] message) {
        return SUITE.sign(key.getPrivate(), message);
    }

    static byte[] encode(java.security.KeyPair key) {
        return SUITE.encodePublicKey(key.getPublic());
    }
}
