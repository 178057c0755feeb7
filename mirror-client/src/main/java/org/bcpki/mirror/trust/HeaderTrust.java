package org.bcpki.mirror.trust;

import java.util.Locale;

/**
 * What a verified block rests on: its secp256k1 QBFT seals, k-of-n ML-DSA-65 authority checkpoints
 * (post-quantum: hashes and lattice signatures only), or both.
 */
public enum HeaderTrust {
    SEALS, PQC_CHECKPOINTS, BOTH;

    public boolean needsSeals() {
        return this != PQC_CHECKPOINTS;
    }

    public boolean needsCheckpoints() {
        return this != SEALS;
    }

    /** Parses {@code seals}, {@code pqc-checkpoints} or {@code both}. */
    public static HeaderTrust parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "seals" -> SEALS;
            case "pqc-checkpoints", "pqc_checkpoints" -> PQC_CHECKPOINTS;
            case "both" -> BOTH;
            default -> throw new IllegalArgumentException(
                    "trust must be seals, pqc-checkpoints or both, got '" + text + "'");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
