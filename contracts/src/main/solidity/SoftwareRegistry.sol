// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IdentityRegistry} from "./IdentityRegistry.sol";

/// @title SoftwareRegistry: firmware releases approved k of n by the PKI's authorities (issue #20).
/// @notice A manufacturer (a subject with an ACTIVE MANUFACTURER grant for an ML-DSA-65 key in the
///         IdentityRegistry) signs a release off chain and a submitter files it here with the hash of
///         that signature; authorities allowed to approve the device's role verify the signature off
///         chain (the EVM cannot verify ML-DSA) and approve; the approval that reaches the registry's
///         grant threshold k approves the release and raises the device type's minimum version to
///         it, so older releases are refused from then on. r authorities revoke a release for good.
/// @dev Authority membership, roles and thresholds are read from the IdentityRegistry at every vote,
///      so governance there governs releases too. The storage order is an API: light clients prove
///      recordHashes[releaseId] and deviceTypes[typeKey] at fixed slots (org.bcpki.core.release.ReleaseLayout).
contract SoftwareRegistry {
    // ---------------------------------------------------------------- storage (order is an API)

    /// Seven words: status..revokedAt packed from the low-order end, then six hashes.
    struct Release {
        uint8 status;
        uint8 deviceRole; // the role code of the device (METER 1, SMGW 2): who may approve
        uint64 version;
        uint64 size;
        uint40 approvedAt;
        uint40 revokedAt;
        bytes32 manufacturer; // subject id
        bytes32 deviceType; // model name, ASCII, right-padded with zeros
        bytes32 imageSha256;
        bytes32 imageKeccak256;
        bytes32 manufacturerKeyHash; // the manufacturer grant's keyHash at submission
        bytes32 signatureHash; // keccak256 of the manufacturer's ML-DSA-65 signature
    }

    /// Per (manufacturer, device type): the lowest version a device may install and the newest approved.
    struct DeviceTypeState {
        uint64 minimumVersion;
        uint64 latestVersion;
    }

    mapping(bytes32 => Release) public releases; // slot 0: fixed by ReleaseLayout
    mapping(bytes32 => bytes32) public recordHashes; // slot 1: keccak256 of the seven words of releases[id]
    mapping(bytes32 => DeviceTypeState) public deviceTypes; // slot 2: typeKey => state (one word)
    mapping(bytes32 => uint32) public approvalVotes; // slot 3: releaseId => authority-index bitmap
    mapping(bytes32 => uint32) public revocationVotes; // slot 4: releaseId => authority-index bitmap
    mapping(bytes32 => uint32) public minimumVotes; // slot 5: keccak256(typeKey, version) => bitmap

    IdentityRegistry public immutable registry;

    uint8 public constant STATUS_NONE = 0;
    uint8 public constant STATUS_PENDING = 1;
    uint8 public constant STATUS_APPROVED = 2;
    uint8 public constant STATUS_REVOKED = 3;

    uint8 public constant ROLE_MANUFACTURER = 9;
    uint8 public constant ALGORITHM_ML_DSA_65 = 11;

    // ---------------------------------------------------------------- events

    event ReleaseSubmitted(
        bytes32 indexed releaseId,
        bytes32 indexed manufacturer,
        bytes32 indexed deviceType,
        uint8 deviceRole,
        uint64 version,
        uint64 size,
        bytes32 imageSha256,
        bytes32 imageKeccak256,
        bytes32 signatureHash,
        string uri
    );
    event ReleaseApprovalVoted(bytes32 indexed releaseId, address indexed authority, uint8 approvals, bytes32 approvalSignatureHash);
    event ReleaseApproved(bytes32 indexed releaseId, bytes32 indexed typeKey, uint64 version);
    event ReleaseRevocationVoted(bytes32 indexed releaseId, address indexed authority, uint8 votes, string reason);
    event ReleaseRevoked(bytes32 indexed releaseId, uint40 revokedAt, string reason);
    event MinimumVersionVoted(bytes32 indexed typeKey, address indexed authority, uint64 version, uint8 votes);
    event MinimumVersionRaised(bytes32 indexed typeKey, uint64 minimumVersion);

    // ---------------------------------------------------------------- errors

    error NotAuthority(address caller);
    error NotSubmitter(address caller);
    error RoleNotAllowed(address authority, uint8 role);
    error InvalidRole(uint8 role);
    error InvalidRelease();
    error ManufacturerNotValid(bytes32 manufacturer);
    error ReleaseExists(bytes32 releaseId);
    error UnknownRelease(bytes32 releaseId);
    error NotPending(bytes32 releaseId, uint8 status);
    error AlreadyRevoked(bytes32 releaseId);
    error AlreadyVoted(bytes32 id, address authority);
    error SignatureMismatch(bytes32 given, bytes32 recorded);
    error BelowMinimumVersion(bytes32 typeKey, uint64 version, uint64 minimumVersion);
    error NotNewerThanLatest(bytes32 typeKey, uint64 version, uint64 latestVersion);

    constructor(IdentityRegistry identityRegistry) {
        registry = identityRegistry;
    }

    // ---------------------------------------------------------------- ids

    /// Binds the release's content and the manufacturer's signature: nobody can file a release id
    /// in the manufacturer's name before the manufacturer has signed it (no squatting of versions).
    function releaseIdFor(
        bytes32 manufacturer,
        uint8 deviceRole,
        bytes32 deviceType,
        uint64 version,
        uint64 size,
        bytes32 imageSha256,
        bytes32 imageKeccak256,
        bytes32 signatureHash
    ) public pure returns (bytes32) {
        return keccak256(abi.encode(manufacturer, deviceRole, deviceType, version, size, imageSha256, imageKeccak256, signatureHash));
    }

    /// Device types are scoped by manufacturer and device role: one manufacturer's approvals never move
    /// another's minimum, and an authority for one role never moves the minimum of another role's devices.
    function typeKeyFor(bytes32 manufacturer, uint8 deviceRole, bytes32 deviceType) public pure returns (bytes32) {
        return keccak256(abi.encode(manufacturer, deviceRole, deviceType));
    }

    // ---------------------------------------------------------------- submission

    /// Files a release signed by `manufacturer`. The caller is an enroller (the manufacturer's
    /// account) or an authority; the signature itself is verified off chain by the approvers.
    function submit(
        bytes32 manufacturer,
        uint8 deviceRole,
        bytes32 deviceType,
        uint64 version,
        uint64 size,
        bytes32 imageSha256,
        bytes32 imageKeccak256,
        bytes32 signatureHash,
        string calldata uri
    ) external returns (bytes32 releaseId) {
        _checkSubmitter();
        if (deviceRole == 0 || deviceRole == ROLE_MANUFACTURER || deviceRole >= 32) revert InvalidRole(deviceRole);
        if (deviceType == bytes32(0) || version == 0 || size == 0 || imageSha256 == bytes32(0)
            || imageKeccak256 == bytes32(0) || signatureHash == bytes32(0)) revert InvalidRelease();
        _checkVersion(typeKeyFor(manufacturer, deviceRole, deviceType), version);

        releaseId = releaseIdFor(manufacturer, deviceRole, deviceType, version, size, imageSha256, imageKeccak256, signatureHash);
        Release storage release = releases[releaseId];
        if (release.status != STATUS_NONE) revert ReleaseExists(releaseId);
        release.status = STATUS_PENDING;
        release.deviceRole = deviceRole;
        release.version = version;
        release.size = size;
        release.manufacturer = manufacturer;
        release.deviceType = deviceType;
        release.imageSha256 = imageSha256;
        release.imageKeccak256 = imageKeccak256;
        release.manufacturerKeyHash = _manufacturerKey(manufacturer);
        release.signatureHash = signatureHash;
        _sealRecord(releaseId, release);
        _emitSubmitted(releaseId, release, uri);
    }

    /// Reads the fields back from storage (the calldata ones would not fit the stack).
    function _emitSubmitted(bytes32 releaseId, Release storage release, string calldata uri) private {
        emit ReleaseSubmitted(releaseId, release.manufacturer, release.deviceType, release.deviceRole, release.version,
            release.size, release.imageSha256, release.imageKeccak256, release.signatureHash, uri);
    }

    /// Enrollers (manufacturers' accounts) and authorities may file releases.
    function _checkSubmitter() private view {
        if (registry.enrollers(msg.sender)) return;
        (bool active,,,) = registry.authorities(msg.sender);
        if (!active) revert NotSubmitter(msg.sender);
    }

    // ---------------------------------------------------------------- approval

    /// An authority allowed to approve the device's role approves the release whose manufacturer
    /// signature hashes to `signatureHash` (so a vote binds one exact signed bundle);
    /// `approvalSignatureHash` is keccak256 of the authority's own signature in the bundle (zero: none).
    function approve(bytes32 releaseId, bytes32 signatureHash, bytes32 approvalSignatureHash) external {
        Release storage release = releases[releaseId];
        uint8 status = release.status;
        if (status == STATUS_NONE) revert UnknownRelease(releaseId);
        if (status != STATUS_PENDING) revert NotPending(releaseId, status);
        (uint8 index, uint8 threshold,, uint32 mask) = _authority(release.deviceRole);
        if (signatureHash != release.signatureHash) revert SignatureMismatch(signatureHash, release.signatureHash);
        bytes32 manufacturer = release.manufacturer;
        // The manufacturer's grant may have been revoked, suspended or rotated since submission.
        if (!registry.isValid(manufacturer, ROLE_MANUFACTURER, release.manufacturerKeyHash, uint64(block.timestamp))) {
            revert ManufacturerNotValid(manufacturer);
        }
        bytes32 typeKey = typeKeyFor(manufacturer, release.deviceRole, release.deviceType);
        uint64 version = release.version;
        _checkVersion(typeKey, version);

        uint32 votes = approvalVotes[releaseId];
        uint32 bit = uint32(1) << index;
        if (votes & bit != 0) revert AlreadyVoted(releaseId, msg.sender);
        votes |= bit;
        approvalVotes[releaseId] = votes;
        // Votes of authorities removed since they voted stop counting.
        uint8 count = _count(votes & mask);
        emit ReleaseApprovalVoted(releaseId, msg.sender, count, approvalSignatureHash);
        if (count < threshold) return;

        release.status = STATUS_APPROVED;
        release.approvedAt = uint40(block.timestamp);
        _sealRecord(releaseId, release);
        deviceTypes[typeKey] = DeviceTypeState(version, version);
        emit ReleaseApproved(releaseId, typeKey, version);
        emit MinimumVersionRaised(typeKey, version);
    }

    // ---------------------------------------------------------------- revocation and minimum

    /// Votes to revoke a pending or approved release (a vulnerable version); revoked for good when
    /// r authorities (the registry's revocation threshold) voted, as grants are.
    function revoke(bytes32 releaseId, string calldata reason) external {
        Release storage release = releases[releaseId];
        uint8 status = release.status;
        if (status == STATUS_NONE) revert UnknownRelease(releaseId);
        if (status == STATUS_REVOKED) revert AlreadyRevoked(releaseId);
        (uint8 index,, uint8 threshold, uint32 mask) = _authority(release.deviceRole);
        uint32 votes = revocationVotes[releaseId];
        uint32 bit = uint32(1) << index;
        if (votes & bit != 0) revert AlreadyVoted(releaseId, msg.sender);
        votes |= bit;
        revocationVotes[releaseId] = votes;
        uint8 count = _count(votes & mask);
        emit ReleaseRevocationVoted(releaseId, msg.sender, count, reason);
        if (count < threshold) return;
        uint40 revokedAt = uint40(block.timestamp);
        release.status = STATUS_REVOKED;
        release.revokedAt = revokedAt;
        _sealRecord(releaseId, release);
        emit ReleaseRevoked(releaseId, revokedAt, reason);
    }

    /// Votes to raise a device type's minimum version without a new approval (e.g. a pending release
    /// turned out vulnerable); takes effect at r votes for the same version. Never lowers it.
    function raiseMinimumVersion(bytes32 manufacturer, bytes32 deviceType, uint8 deviceRole, uint64 version) external {
        if (deviceRole == 0 || deviceRole == ROLE_MANUFACTURER || deviceRole >= 32) revert InvalidRole(deviceRole);
        (uint8 index,, uint8 threshold, uint32 mask) = _authority(deviceRole);
        bytes32 typeKey = typeKeyFor(manufacturer, deviceRole, deviceType);
        DeviceTypeState storage state = deviceTypes[typeKey];
        if (version <= state.minimumVersion) revert BelowMinimumVersion(typeKey, version, state.minimumVersion);
        bytes32 voteKey = keccak256(abi.encode(typeKey, version));
        uint32 votes = minimumVotes[voteKey];
        uint32 bit = uint32(1) << index;
        if (votes & bit != 0) revert AlreadyVoted(voteKey, msg.sender);
        votes |= bit;
        minimumVotes[voteKey] = votes;
        uint8 count = _count(votes & mask);
        emit MinimumVersionVoted(typeKey, msg.sender, version, count);
        if (count < threshold) return;
        state.minimumVersion = version;
        emit MinimumVersionRaised(typeKey, version);
    }

    // ---------------------------------------------------------------- views

    /// The seven raw words of releases[id] (layout in ReleaseLayout): what a light client reads
    /// unproven and checks against the proven recordHashes[id].
    function releaseOf(bytes32 releaseId) external view returns (bytes32[7] memory words) {
        Release storage release = releases[releaseId];
        assembly {
            let base := release.slot
            for { let i := 0 } lt(i, 7) { i := add(i, 1) } { mstore(add(words, mul(i, 32)), sload(add(base, i))) }
        }
    }

    // ---------------------------------------------------------------- internals

    /// The caller's authority index, the grant and revocation thresholds and the live authority mask,
    /// after checking the caller may approve `role`.
    function _authority(uint8 role) private view returns (uint8 index, uint8 grantThreshold, uint8 revocationThreshold, uint32 mask) {
        (bool active, uint8 authorityIndex, uint32 roles,) = registry.authorities(msg.sender);
        if (!active) revert NotAuthority(msg.sender);
        if (roles & (uint32(1) << role) == 0) revert RoleNotAllowed(msg.sender, role);
        (grantThreshold, revocationThreshold,,,, mask) = registry.config();
        index = authorityIndex;
    }

    /// The key hash of the manufacturer's grant: ACTIVE, role MANUFACTURER, ML-DSA-65, in its validity.
    function _manufacturerKey(bytes32 manufacturer) private view returns (bytes32 keyHash) {
        (uint8 status, uint8 role, uint8 algorithm,,,,, bytes32 grantKeyHash,) = registry.grants(manufacturer);
        if (status != 1 || role != ROLE_MANUFACTURER || algorithm != ALGORITHM_ML_DSA_65
            || !registry.isValid(manufacturer, ROLE_MANUFACTURER, grantKeyHash, uint64(block.timestamp))) {
            revert ManufacturerNotValid(manufacturer);
        }
        return grantKeyHash;
    }

    /// Rollback is refused: a version below the minimum, or not newer than the newest approved one.
    function _checkVersion(bytes32 typeKey, uint64 version) private view {
        DeviceTypeState memory state = deviceTypes[typeKey];
        if (version < state.minimumVersion) revert BelowMinimumVersion(typeKey, version, state.minimumVersion);
        if (version <= state.latestVersion) revert NotNewerThanLatest(typeKey, version, state.latestVersion);
    }

    /// Every write of a record ends here, so recordHashes always matches the seven words.
    function _sealRecord(bytes32 releaseId, Release storage release) private {
        bytes32 packed;
        assembly {
            packed := sload(release.slot)
        }
        recordHashes[releaseId] = keccak256(abi.encodePacked(packed, release.manufacturer, release.deviceType,
            release.imageSha256, release.imageKeccak256, release.manufacturerKeyHash, release.signatureHash));
    }

    function _count(uint32 bits) private pure returns (uint8 count) {
        while (bits != 0) {
            bits &= bits - 1;
            count++;
        }
    }
}
