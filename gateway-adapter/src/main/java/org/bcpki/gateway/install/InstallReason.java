package org.bcpki.gateway.install;

/**
 * Why an install attempt ended as it did: the stable code written to the metrological log and
 * printed by {@code bcpki gateway install}. Only INSTALLED installs.
 */
public enum InstallReason {
    INSTALLED,
    /** The bundle file is not a valid bcpki-release-bundle-v1 (truncated, wrong algorithm, a signature that does not verify). */
    MALFORMED_BUNDLE,
    /** The bundle is for another SoftwareRegistry than this gateway's. */
    WRONG_DEPLOYMENT,
    /** The image's size, SHA-256 or Keccak-256 is not the bundle's (or the chain's). */
    WRONG_IMAGE,
    /** Fewer approval signatures in the bundle than the local floor or the approval votes the chain counted. */
    MISSING_APPROVAL,
    /** A signature in the bundle is by a key the chain does not hold for that signer and role. */
    UNAUTHORIZED_SIGNER,
    /** No fresh verified chain view (or no honest endpoint): fail closed. */
    STALE_VIEW,
    /** No such release on chain. */
    UNKNOWN,
    /** Submitted, not yet approved. */
    PENDING,
    REVOKED,
    /** Below the device type's proven minimum version, or below the version this gateway installed: a rollback. */
    ROLLBACK,
    /** The image file cannot be read. */
    UNREADABLE_IMAGE,
    /** The image could not be fetched from the bundle's uri hint (scheme, network, HTTP status, timeout). */
    DOWNLOAD_FAILED
}
