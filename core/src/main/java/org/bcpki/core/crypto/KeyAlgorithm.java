package org.bcpki.core.crypto;

import java.util.Arrays;
import java.util.Locale;

/**
 * Signature algorithms an identity's key may use. The numeric codes are stored on chain and must
 * never change; code 0 is reserved for "none".
 */
public enum KeyAlgorithm {
    ECDSA_SECP256K1(1, "secp256k1"),
    ECDSA_P256(2, "P-256"),
    ECDSA_BRAINPOOLP256R1(3, "brainpoolP256r1"),
    ECDSA_BRAINPOOLP384R1(4, "brainpoolP384r1"),
    ML_DSA_44(10, "ML-DSA-44"),
    ML_DSA_65(11, "ML-DSA-65"),
    ML_DSA_87(12, "ML-DSA-87"),
    SLH_DSA_SHA2_128S(20, "SLH-DSA-SHA2-128S"),
    SLH_DSA_SHA2_128F(21, "SLH-DSA-SHA2-128F"),
    FALCON_512(30, "FALCON-512"),
    /** Composite ML-DSA-65 + ECDSA brainpoolP256r1 (IETF lamps composite signatures, SHA-512). */
    MLDSA65_ECDSA_BRAINPOOLP256R1(40, "MLDSA65-ECDSA-brainpoolP256r1-SHA512");

    private final int code;
    private final String displayName;

    KeyAlgorithm(int code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    public int code() {
        return code;
    }

    /** The conventional name (JCA or curve name), e.g. {@code ML-DSA-65} or {@code brainpoolP256r1}. */
    public String displayName() {
        return displayName;
    }

    public boolean isPostQuantum() {
        return code >= 10;
    }

    public static KeyAlgorithm fromCode(int code) {
        for (KeyAlgorithm algorithm : values()) {
            if (algorithm.code == code) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unknown key algorithm code " + code);
    }

    /** Parses an enum name or display name, case-insensitively, '-' and '_' alike. */
    public static KeyAlgorithm parse(String name) {
        String wanted = normalize(name);
        for (KeyAlgorithm algorithm : values()) {
            if (normalize(algorithm.name()).equals(wanted) || normalize(algorithm.displayName).equals(wanted)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException(
                "unknown key algorithm '" + name + "'; expected one of " + Arrays.toString(values()));
    }

    private static String normalize(String s) {
        return s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
