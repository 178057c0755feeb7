package org.bcpki.pki;

import java.util.Locale;
import org.bcpki.core.crypto.KeyAlgorithm;

/**
 * The three hierarchies the baseline is measured with: the TR-03116-3 Brainpool profile, and the same
 * tree re-keyed with ML-DSA-65 or with composite ML-DSA-65 + ECDSA brainpoolP256r1.
 */
public enum PkiAlgorithm {
    /** Root brainpoolP384r1 / ecdsa-with-SHA384; sub-CAs and end entities brainpoolP256r1 / SHA-256. */
    ECDSA(KeyAlgorithm.ECDSA_BRAINPOOLP384R1, "SHA384withECDSA",
            KeyAlgorithm.ECDSA_BRAINPOOLP256R1, "SHA256withECDSA"),
    MLDSA(KeyAlgorithm.ML_DSA_65, "ML-DSA-65", KeyAlgorithm.ML_DSA_65, "ML-DSA-65"),
    COMPOSITE(KeyAlgorithm.MLDSA65_ECDSA_BRAINPOOLP256R1, "MLDSA65-ECDSA-brainpoolP256r1-SHA512",
            KeyAlgorithm.MLDSA65_ECDSA_BRAINPOOLP256R1, "MLDSA65-ECDSA-brainpoolP256r1-SHA512");

    private final KeyAlgorithm rootKey;
    private final String rootSignature;
    private final KeyAlgorithm subKey;
    private final String subSignature;

    PkiAlgorithm(KeyAlgorithm rootKey, String rootSignature, KeyAlgorithm subKey, String subSignature) {
        this.rootKey = rootKey;
        this.rootSignature = rootSignature;
        this.subKey = subKey;
        this.subSignature = subSignature;
    }

    /** Key algorithm of the root CA. */
    public KeyAlgorithm rootKey() {
        return rootKey;
    }

    /** Key algorithm of the sub-CAs and of end-entity keys the CLI generates. */
    public KeyAlgorithm subKey() {
        return subKey;
    }

    /** JCA signature name the root signs with (its self-signature, sub-CA certificates, its CRL). */
    public String rootSignature() {
        return rootSignature;
    }

    /** JCA signature name the sub-CAs sign with. */
    public String subSignature() {
        return subSignature;
    }

    /** The JCA signature name for a CA key of the given algorithm. */
    public static String signatureFor(KeyAlgorithm key) {
        return switch (key) {
            case ECDSA_BRAINPOOLP384R1 -> "SHA384withECDSA";
            case ECDSA_BRAINPOOLP256R1, ECDSA_P256 -> "SHA256withECDSA";
            case ML_DSA_65 -> "ML-DSA-65";
            case MLDSA65_ECDSA_BRAINPOOLP256R1 -> "MLDSA65-ECDSA-brainpoolP256r1-SHA512";
            default -> throw new IllegalArgumentException("no CA signature profile for " + key);
        };
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code ecdsa}, {@code mldsa} or {@code composite}, case-insensitively. */
    public static PkiAlgorithm parse(String name) {
        for (PkiAlgorithm algorithm : values()) {
            if (algorithm.name().equalsIgnoreCase(name.trim())) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unknown PKI algorithm '" + name + "'; expected ecdsa, mldsa or composite");
    }
}
