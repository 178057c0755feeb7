package org.bcpki.gateway.identity;

import java.util.Locale;

/** Which PKI decides identities: {@code --trust chain | x509 | both}. */
public enum TrustMode {
    CHAIN, X509, BOTH;

    public static TrustMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown trust mode '" + text + "'; expected chain, x509 or both", e);
        }
    }

    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
