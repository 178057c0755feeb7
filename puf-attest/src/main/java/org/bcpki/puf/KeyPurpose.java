package org.bcpki.puf;

import org.bcpki.core.crypto.KeyAlgorithm;

/** What a derived key is for; the label is the HKDF domain separator and must never change. */
public enum KeyPurpose {
    /** The device's post-quantum identity and attestation key. */
    SIGNING_ML_DSA_65("sign/ML-DSA-65", KeyAlgorithm.ML_DSA_65),
    /** The classic SM-PKI end-entity key, for the side-by-side comparison. */
    SIGNING_ECDSA_BRAINPOOLP256R1("sign/ECDSA-brainpoolP256r1", KeyAlgorithm.ECDSA_BRAINPOOLP256R1);

    private final String label;
    private final KeyAlgorithm algorithm;

    KeyPurpose(String label, KeyAlgorithm algorithm) {
        this.label = label;
        this.algorithm = algorithm;
    }

    public String label() {
        return label;
    }

    public KeyAlgorithm algorithm() {
        return algorithm;
    }
}
