package org.bcpki.core.release;

import org.apache.tuweni.bytes.Bytes32;

/**
 * One release as the SoftwareRegistry stores it (seven words, {@link ReleaseLayout}). Versions, sizes
 * and times are unsigned 64-bit values on chain (times are uint40).
 */
public record ReleaseRecord(
        ReleaseStatus status,
        int deviceRoleCode,
        long version,
        long size,
        long approvedAt,
        long revokedAt,
        Bytes32 manufacturer,
        Bytes32 deviceType,
        Bytes32 imageSha256,
        Bytes32 imageKeccak256,
        Bytes32 manufacturerKeyHash,
        Bytes32 signatureHash) {

    public static final ReleaseRecord NONE = new ReleaseRecord(ReleaseStatus.NONE, 0, 0, 0, 0, 0, Bytes32.ZERO,
            Bytes32.ZERO, Bytes32.ZERO, Bytes32.ZERO, Bytes32.ZERO, Bytes32.ZERO);

    /**
     * Whether a device may install this release, given its device type's proven state and the
     * SHA-256 of the image it holds (null: the image is not checked here).
     */
    public ReleaseDecision decide(DeviceTypeState deviceType, Bytes32 presentedSha256) {
        return switch (status) {
            case NONE -> ReleaseDecision.UNKNOWN;
            case PENDING -> ReleaseDecision.PENDING;
            case REVOKED -> ReleaseDecision.REVOKED;
            case APPROVED -> decideApproved(deviceType, presentedSha256);
        };
    }

    private ReleaseDecision decideApproved(DeviceTypeState deviceType, Bytes32 presentedSha256) {
        if (Long.compareUnsigned(version, deviceType.minimumVersion()) < 0) {
            return ReleaseDecision.BELOW_MINIMUM;
        }
        if (presentedSha256 != null && !presentedSha256.equals(imageSha256)) {
            return ReleaseDecision.WRONG_IMAGE;
        }
        return ReleaseDecision.APPROVED;
    }
}
