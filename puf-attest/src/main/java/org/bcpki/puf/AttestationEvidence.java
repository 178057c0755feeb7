package org.bcpki.puf;

import java.util.Arrays;

/**
 * A device's answer to a challenge: the enrollment it claims (its attestationHash), the nonce and
 * context it answered, and its ML-DSA-65 signature over {@link Attestation#message}.
 */
public record AttestationEvidence(byte[] attestationHash, byte[] nonce, String context, byte[] signature) {
    public AttestationEvidence {
        if (attestationHash == null || attestationHash.length != 32) {
            throw new IllegalArgumentException("an attestation hash has 32 bytes");
        }
        if (nonce == null || context == null || signature == null) {
            throw new IllegalArgumentException("evidence needs a nonce, a context and a signature");
        }
        attestationHash = attestationHash.clone();
        nonce = nonce.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] attestationHash() {
        return attestationHash.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttestationEvidence other && Arrays.equals(attestationHash, other.attestationHash)
                && Arrays.equals(nonce, other.nonce) && context.equals(other.context)
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature);
    }
}
