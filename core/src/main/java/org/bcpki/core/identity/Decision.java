package org.bcpki.core.identity;

/**
 * What a relying party (the gateway) concludes about an identity. The chain's mirror client and the
 * X.509 baseline's validator both answer in this vocabulary so their decisions can be compared.
 */
public enum Decision {
    /** The identity holds: granted for this role and key, within its validity, not revoked. */
    GRANTED,
    REVOKED,
    EXPIRED,
    /** Nothing is known of this identity (no grant, no certificate path). */
    UNKNOWN,
    /** The identity exists but the presented key is not the one granted. */
    WRONG_KEY,
    /** The identity exists but is not granted the requested role. */
    WRONG_ROLE,
    SUSPENDED,
    /** The verifier's view (chain head or CRL) is too old to decide: fail closed. */
    STALE_VIEW;

    public boolean accepted() {
        return this == GRANTED;
    }
}
