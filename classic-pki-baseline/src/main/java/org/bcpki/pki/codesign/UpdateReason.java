package org.bcpki.pki.codesign;

/**
 * Why the X.509 gateway accepted or refused an update, named like the chain side's install reasons where the
 * two mean the same (gateway-adapter's {@code InstallReason}). Only APPROVED allows the install.
 */
public enum UpdateReason {
    APPROVED,
    /** The signed release is not a well-formed package (truncated, garbage, not DER, wrong algorithm, ...). */
    MALFORMED,
    /** The signature is for another device type or version than the one offered. */
    WRONG_RELEASE,
    /** The image does not hash to what the manufacturer signed. */
    WRONG_IMAGE,
    /** Below the minimum version the gateway keeps for this device type: a rollback. */
    ROLLBACK,
    /** The manufacturer's signature does not verify, or its certificate is no valid code-signing certificate of this PKI. */
    UNAUTHORIZED_SIGNER,
    /** No countersignature: the notified body has not approved the release. */
    MISSING_COUNTERSIGNATURE,
    /** No countersignature verifies by a valid release-approval certificate for this release. */
    UNAUTHORIZED_COUNTERSIGNER,
    /** The manufacturer's certificate or the release's approval certificate (or a CA above them) is revoked. */
    REVOKED,
    /** A CRL on the path is past its nextUpdate even after fetching again: fail closed. */
    STALE_VIEW,
    /** No usable CRL (unreachable, bad signature, ...): fail closed. */
    REVOCATION_UNAVAILABLE
}
