package org.bcpki.core.release;

import java.util.Arrays;
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

    /** Equal when signer, key and signature bytes are (a record compares arrays by identity). */
    @Override
    public boolean equals(Object other) {
        return other instanceof ReleaseSignature s && signer.equals(s.signer) && Arrays.equals(spki, s.spki)
                && Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * signer.hashCode() + Arrays.hashCode(spki)) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "ReleaseSignature[signer=" + signer + ", signatureHash=" + signatureHash().toHexString() + "]";
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
