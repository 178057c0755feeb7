package org.bcpki.core.release;

/** What a device (its gateway) concludes about installing a release. Only APPROVED allows it. */
public enum ReleaseDecision {
    /** No such release on chain. */
    UNKNOWN,
    /** Submitted, not yet approved by k authorities. */
    PENDING,
    /** Revoked by r authorities (a vulnerable version). */
    REVOKED,
    /** Approved once, but the device type's minimum version has moved past it: installing it is a rollback. */
    BELOW_MINIMUM,
    /** The image presented does not hash to the approved release's SHA-256. */
    WRONG_IMAGE,
    /** Approved, at or above the minimum version, and the image matches. */
    APPROVED
}
