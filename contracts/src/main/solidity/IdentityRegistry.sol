// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IdentityRegistry: the smart-metering PKI on chain.
/// @notice Registrars (or authority services on their behalf) request grants (a subject's key for a role), k of n authorities approve them,
///         r authorities revoke them, and a governance threshold of authorities changes who is who.
/// @dev The grants mapping MUST stay the first state variable (slot 0) with the Grant struct exactly
///      as declared: light clients prove `grants[subjectId]` with eth_getProof at fixed slots
///      (org.bcpki.core.registry.RegistryLayout). Do not add base contracts with storage.
contract IdentityRegistry {
    // ---------------------------------------------------------------- storage (order is an API)

    /// One 32-byte slot for the first seven fields (status in the lowest byte), then keyHash, then
    /// attestationHash.
    struct Grant {
        uint8 status;
        uint8 role;
        uint8 algorithm;
        uint32 version;
        uint64 notBefore;
        uint64 notAfter;
        uint64 revokedAt;
        bytes32 keyHash;
        bytes32 attestationHash;
    }

    /// A pending or decided grant request; approvals and rejections are bitmaps over authority indexes.
    struct Request {
        uint8 state;
        uint8 role;
        uint8 algorithm;
        uint32 approvals;
        uint32 rejections;
        uint64 notBefore;
        uint64 notAfter;
        uint40 pendingUntil; // packed with the fields above: approvals end here even if notAfter is far
        bytes32 subjectId;
        bytes32 keyHash;
        bytes32 attestationHash;
    }

    struct Authority {
        bool active;
        uint8 index;
        uint32 roles;
        string name;
    }

    /// Thresholds and the authority set's summary, packed in one slot so every vote reads it once.
    struct Config {
        uint8 grantThreshold;
        uint8 revocationThreshold;
        uint8 governanceThreshold;
        uint8 authorityCount;
        uint8 nextAuthorityIndex;
        uint32 authorityMask;
    }

    /// Votes to revoke the grant of one version of a subject (used only when r > 1).
    struct RevocationTally {
        uint32 version;
        uint32 votes;
    }

    struct Proposal {
        uint8 kind;
        bool executed;
        uint32 approvals;
        address target;
        uint32 roles;
        uint8 grantThreshold;
        uint8 revocationThreshold;
        uint8 governanceThreshold;
        string name;
        uint64 duration; // SET_MAX_VALIDITY, SET_REQUEST_TTL
    }

    /// A device's enrollment record hash as a trusted enroller (manufacturer, calibration lab) anchored it.
    struct Enrollment {
        bytes32 attestationHash;
        address enroller;
        uint64 anchoredAt;
    }

    mapping(bytes32 => Grant) public grants; // slot 0: fixed by RegistryLayout
    mapping(bytes32 => Request) public requests; // slot 1
    Config public config; // slot 2
    mapping(address => Authority) public authorities; // slot 3
    mapping(address => bool) public registrars; // slot 4
    mapping(bytes32 => RevocationTally) public revocationTallies; // slot 5
    mapping(uint256 => Proposal) public proposals; // slot 6
    uint256 public proposalCount; // slot 7
    mapping(uint8 => address) public authorityAtIndex; // slot 8
    // Appended after slot 8 (slots 0..8 keep their meaning).
    mapping(address => bool) public enrollers; // slot 9
    mapping(bytes32 => Enrollment) public enrollments; // slot 10: subjectId => anchored enrollment
    mapping(bytes32 => bool) public revokedKeys; // slot 11: keyHash of every grant ever revoked
    mapping(address => uint32) public registrarRoles; // slot 12: role bitmask a registrar may request for
    mapping(uint8 => uint64) public maxValidity; // slot 13: role => longest notAfter - notBefore (seconds)
    uint64 public requestTtl; // slot 14: how long a request stays approvable
    // Appended by issue #15: keccak256(packed word, keyHash, attestationHash) of grants[subjectId]
    // (zero while there is no record). A light client proves this one slot instead of three.
    mapping(bytes32 => bytes32) public recordHashes; // slot 15: fixed by RegistryLayout

    // ---------------------------------------------------------------- codes

    uint8 public constant STATUS_NONE = 0;
    uint8 public constant STATUS_ACTIVE = 1;
    uint8 public constant STATUS_REVOKED = 2;
    uint8 public constant STATUS_SUSPENDED = 3;

    uint8 public constant REQUEST_NONE = 0;
    uint8 public constant REQUEST_PENDING = 1;
    uint8 public constant REQUEST_ACTIVATED = 2;
    uint8 public constant REQUEST_REJECTED = 3;

    uint8 public constant PROPOSAL_ADD_AUTHORITY = 1;
    uint8 public constant PROPOSAL_REMOVE_AUTHORITY = 2;
    uint8 public constant PROPOSAL_SET_AUTHORITY_ROLES = 3;
    uint8 public constant PROPOSAL_ADD_REGISTRAR = 4;
    uint8 public constant PROPOSAL_REMOVE_REGISTRAR = 5;
    uint8 public constant PROPOSAL_SET_THRESHOLDS = 6;
    uint8 public constant PROPOSAL_ADD_ENROLLER = 7;
    uint8 public constant PROPOSAL_REMOVE_ENROLLER = 8;
    uint8 public constant PROPOSAL_SET_REGISTRAR_ROLES = 9;
    uint8 public constant PROPOSAL_SET_MAX_VALIDITY = 10; // for every role in `roles`
    uint8 public constant PROPOSAL_SET_REQUEST_TTL = 11;

    uint64 public constant DEFAULT_REQUEST_TTL = 7 days;

    /// Authority indexes are never reused (a removed authority's old votes must not count for a
    /// newcomer), so at most this many authorities can ever be added to one registry.
    uint8 public constant MAX_AUTHORITY_INDEXES = 32;

    // ---------------------------------------------------------------- events

    event AuthorityAdded(address indexed authority, uint8 index, uint32 roles, string name);
    event AuthorityRemoved(address indexed authority);
    event AuthorityRolesChanged(address indexed authority, uint32 roles);
    event RegistrarAdded(address indexed registrar, uint32 roles);
    event RegistrarRolesChanged(address indexed registrar, uint32 roles);
    event EnrollerAdded(address indexed enroller);
    event EnrollerRemoved(address indexed enroller);
    event EnrollmentAnchored(bytes32 indexed subjectId, address indexed enroller, bytes32 attestationHash, uint64 anchoredAt);
    event MaxValidityChanged(uint8 role, uint64 maxValidity);
    event RequestTtlChanged(uint64 requestTtl);
    event RegistrarRemoved(address indexed registrar);
    event ThresholdsChanged(uint8 grantThreshold, uint8 revocationThreshold, uint8 governanceThreshold);

    /// The full public key travels only here (PQC keys are kilobytes); the state keeps its hash.
    event GrantRequested(
        bytes32 indexed requestId,
        bytes32 indexed subjectId,
        address indexed registrar,
        uint8 role,
        uint8 algorithm,
        bytes32 keyHash,
        bytes32 attestationHash,
        uint64 notBefore,
        uint64 notAfter,
        bytes publicKey
    );
    event GrantApproved(bytes32 indexed requestId, address indexed authority, uint8 approvals);
    event GrantRejected(bytes32 indexed requestId, address indexed authority, uint8 rejections, string reason);
    event RequestClosed(bytes32 indexed requestId);
    event GrantActivated(bytes32 indexed subjectId, bytes32 indexed requestId, uint32 version, bytes32 keyHash);
    event GrantSuperseded(bytes32 indexed subjectId, uint32 version, bytes32 keyHash);
    event RevocationVoted(bytes32 indexed subjectId, address indexed authority, uint32 version, uint8 votes, string reason);
    event GrantRevoked(bytes32 indexed subjectId, uint32 version, uint64 revokedAt, string reason);
    event GrantSuspended(bytes32 indexed subjectId, address indexed authority, uint32 version, string reason);
    event GrantResumed(bytes32 indexed subjectId, address indexed authority, uint32 version);
    event ProposalCreated(uint256 indexed proposalId, address indexed proposer, uint8 kind, address target);
    event ProposalApproved(uint256 indexed proposalId, address indexed authority, uint8 approvals);
    event ProposalExecuted(uint256 indexed proposalId);

    // ---------------------------------------------------------------- errors

    error NotAuthority(address caller);
    error NotRegistrar(address caller);
    error UnknownRequest(bytes32 requestId);
    error RequestExists(bytes32 requestId);
    error AlreadyDecided(bytes32 requestId, uint8 state);
    error AlreadyVoted(bytes32 id, address authority);
    error RoleNotAllowed(address authority, uint8 role);
    error RequestExpired(bytes32 requestId, uint64 notAfter);
    error InvalidRole(uint8 role);
    error InvalidAlgorithm(uint8 algorithm);
    error InvalidValidity(uint64 notBefore, uint64 notAfter);
    error EmptyPublicKey();
    error KeyHashMismatch(bytes32 given, bytes32 computed);
    error SubjectHasPendingRequest(bytes32 subjectId);
    error RequestNotExpired(bytes32 requestId, uint64 notAfter);
    error GrantNotActive(bytes32 subjectId, uint8 status);
    error GrantIsSuspended(bytes32 subjectId);
    error NotSuspended(bytes32 subjectId, uint8 status);
    error UnknownProposal(uint256 proposalId);
    error ProposalAlreadyExecuted(uint256 proposalId);
    error InvalidProposalKind(uint8 kind);
    error InvalidThresholds(uint8 grantThreshold, uint8 revocationThreshold, uint8 governanceThreshold, uint8 authorities);
    error AuthorityExists(address authority);
    error UnknownAuthority(address authority);
    error AuthorityLimitReached();
    error InvalidRoles(uint32 roles);
    error RegistrarExists(address registrar);
    error UnknownRegistrar(address registrar);
    error ZeroAddress();
    error LengthMismatch();
    error NotEnroller(address caller);
    error EnrollerExists(address enroller);
    error UnknownEnroller(address enroller);
    error EmptyAttestation();
    error EnrollmentNotAnchored(bytes32 subjectId, bytes32 attestationHash);
    error KeyRevoked(bytes32 keyHash);
    error ValidityTooLong(uint8 role, uint64 validity, uint64 maxValidity);
    error InvalidDuration(uint64 duration);

    // ---------------------------------------------------------------- construction

    /// @param authorityAddresses the initial authorities, with their names and role bitmasks (bit
    ///        `1 << roleCode` set for each role the authority may approve)
    /// @param initialRegistrarRoles per registrar, the bitmask of roles it may request grants for
    /// @param initialEnrollers accounts that anchor device enrollments (manufacturers, calibration labs)
    /// @param initialRequestTtl seconds a request stays approvable (0: DEFAULT_REQUEST_TTL)
    constructor(
        address[] memory authorityAddresses,
        string[] memory names,
        uint32[] memory roles,
        address[] memory initialRegistrars,
        uint32[] memory initialRegistrarRoles,
        address[] memory initialEnrollers,
        uint8 grantThreshold,
        uint8 revocationThreshold,
        uint8 governanceThreshold,
        uint64 initialRequestTtl
    ) {
        if (authorityAddresses.length != names.length || names.length != roles.length) revert LengthMismatch();
        if (initialRegistrars.length != initialRegistrarRoles.length) revert LengthMismatch();
        for (uint256 i = 0; i < authorityAddresses.length; i++) {
            _addAuthority(authorityAddresses[i], names[i], roles[i]);
        }
        for (uint256 i = 0; i < initialRegistrars.length; i++) {
            _addRegistrar(initialRegistrars[i], initialRegistrarRoles[i]);
        }
        for (uint256 i = 0; i < initialEnrollers.length; i++) {
            _addEnroller(initialEnrollers[i]);
        }
        _setThresholds(grantThreshold, revocationThreshold, governanceThreshold);
        _setRequestTtl(initialRequestTtl == 0 ? DEFAULT_REQUEST_TTL : initialRequestTtl);
        // Longest grant per role (contracts/README.md "Validity limits"); governance changes them.
        _setMaxValidity(1, 8 * 365 days); // METER: the calibration period of an electricity meter
        _setMaxValidity(2, 7 * 365 days); // SMGW: TR-03109-4 gateway certificate
        _setMaxValidity(3, 2 * 365 days); // GWA
        _setMaxValidity(4, 2 * 365 days); // GWH
        _setMaxValidity(5, 2 * 365 days); // EMT
        _setMaxValidity(6, 2 * 365 days); // CLS
        _setMaxValidity(7, 365 days); // SERVICE_TECHNICIAN
        _setMaxValidity(8, 5 * 365 days); // AUTHORITY
    }

    // ---------------------------------------------------------------- enrollment anchoring

    /// Records which enrollment record (puf-attest's EnrollmentRecord hash) is the genuine one of a
    /// device. Only then can a request cite it: an enrollment made up by a registrar is refused.
    /// A later anchoring (re-enrollment after repair) replaces the earlier one.
    function anchorEnrollment(bytes32 subjectId, bytes32 attestationHash) external {
        if (!enrollers[msg.sender]) revert NotEnroller(msg.sender);
        if (attestationHash == bytes32(0)) revert EmptyAttestation();
        uint64 anchoredAt = uint64(block.timestamp);
        enrollments[subjectId] = Enrollment(attestationHash, msg.sender, anchoredAt);
        emit EnrollmentAnchored(subjectId, msg.sender, attestationHash, anchoredAt);
    }

    /// Whether `attestationHash` is the subject's anchored enrollment by an enroller still trusted.
    function isAnchored(bytes32 subjectId, bytes32 attestationHash) public view returns (bool) {
        Enrollment storage enrollment = enrollments[subjectId];
        return enrollment.attestationHash == attestationHash && enrollers[enrollment.enroller];
    }

    // ---------------------------------------------------------------- grant requests

    /// The request id is a hash of the request's content, so a retried submission is recognised
    /// (RequestExists) and any party can compute the id before sending.
    function requestIdFor(
        bytes32 subjectId,
        uint8 role,
        uint8 algorithm,
        bytes32 keyHash,
        bytes32 attestationHash,
        uint64 notBefore,
        uint64 notAfter
    ) public pure returns (bytes32) {
        return keccak256(abi.encode(subjectId, role, algorithm, keyHash, attestationHash, notBefore, notAfter));
    }

    function requestGrant(
        bytes32 subjectId,
        uint8 role,
        uint8 algorithm,
        bytes32 keyHash,
        bytes32 attestationHash,
        uint64 notBefore,
        uint64 notAfter,
        bytes calldata publicKey
    ) external returns (bytes32 requestId) {
        _checkRequester(role);
        if (algorithm == 0) revert InvalidAlgorithm(algorithm);
        _checkValidity(role, notBefore, notAfter);
        if (publicKey.length == 0) revert EmptyPublicKey();
        bytes32 computed = keccak256(publicKey);
        if (computed != keyHash) revert KeyHashMismatch(keyHash, computed);
        _checkKeyAndEnrollment(subjectId, keyHash, attestationHash);

        requestId = requestIdFor(subjectId, role, algorithm, keyHash, attestationHash, notBefore, notAfter);
        Request storage request = requests[requestId];
        if (request.state != REQUEST_NONE) revert RequestExists(requestId);
        request.state = REQUEST_PENDING;
        request.role = role;
        request.algorithm = algorithm;
        request.notBefore = notBefore;
        request.notAfter = notAfter;
        request.pendingUntil = uint40(block.timestamp + requestTtl);
        request.subjectId = subjectId;
        Grant storage grant = grants[subjectId];
        if (grant.status == STATUS_NONE) {
            // A subject without a record: stage the hashes in the record's own slots (relying parties
            // ignore them while the status is NONE), so the activating approval writes one fresh slot
            // instead of three. One staged request per subject: a competitor would overwrite it.
            if (grant.keyHash != bytes32(0)) revert SubjectHasPendingRequest(subjectId);
            grant.keyHash = keyHash;
            grant.attestationHash = attestationHash;
        } else {
            // Rotation: the current grant stays in force until activation, so the hashes wait here.
            request.keyHash = keyHash;
            request.attestationHash = attestationHash;
        }
        emit GrantRequested(
            requestId, subjectId, msg.sender, role, algorithm, keyHash, attestationHash, notBefore, notAfter, publicKey
        );
    }

    /// Registrars request for the roles of their mask; authorities may file too: an authority service
    /// files the requests registrars send it (and enforces the registrar's scope off chain).
    function _checkRequester(uint8 role) private view {
        bool registrar = registrars[msg.sender];
        if (!registrar && !authorities[msg.sender].active) revert NotRegistrar(msg.sender);
        if (role == 0 || role > 31) revert InvalidRole(role);
        if (registrar && registrarRoles[msg.sender] & (uint32(1) << role) == 0) revert RoleNotAllowed(msg.sender, role);
    }

    function _checkValidity(uint8 role, uint64 notBefore, uint64 notAfter) private view {
        if (notAfter <= notBefore || notAfter <= block.timestamp) revert InvalidValidity(notBefore, notAfter);
        uint64 maximum = maxValidity[role];
        if (notAfter - notBefore > maximum) revert ValidityTooLong(role, notAfter - notBefore, maximum);
    }

    /// Adds the caller's approval; the approval that reaches the grant threshold activates the
    /// grant, replacing (rotating) any earlier grant of the subject with version + 1.
    function approve(bytes32 requestId) external {
        Config memory cfg = config;
        Authority storage authority = _authority(msg.sender);
        Request storage request = requests[requestId];
        uint8 state = request.state;
        if (state == REQUEST_NONE) revert UnknownRequest(requestId);
        if (state != REQUEST_PENDING) revert AlreadyDecided(requestId, state);
        uint8 role = request.role;
        if (authority.roles & (uint32(1) << role) == 0) revert RoleNotAllowed(msg.sender, role);
        uint64 deadline = _deadline(request);
        if (block.timestamp >= deadline) revert RequestExpired(requestId, deadline);
        uint32 bit = uint32(1) << authority.index;
        uint32 approvals = request.approvals;
        if ((approvals | request.rejections) & bit != 0) revert AlreadyVoted(requestId, msg.sender);

        approvals |= bit;
        uint8 count = _count(approvals & cfg.authorityMask);
        emit GrantApproved(requestId, msg.sender, count);
        request.approvals = approvals;
        if (count >= cfg.grantThreshold) {
            request.state = REQUEST_ACTIVATED;
            _activate(requestId, request);
        }
    }

    /// Records the caller's rejection; the request closes once the remaining authorities can no
    /// longer reach the grant threshold.
    function reject(bytes32 requestId, string calldata reason) external {
        Config memory cfg = config;
        Authority storage authority = _authority(msg.sender);
        Request storage request = requests[requestId];
        uint8 state = request.state;
        if (state == REQUEST_NONE) revert UnknownRequest(requestId);
        if (state != REQUEST_PENDING) revert AlreadyDecided(requestId, state);
        uint32 bit = uint32(1) << authority.index;
        uint32 rejections = request.rejections;
        if ((request.approvals | rejections) & bit != 0) revert AlreadyVoted(requestId, msg.sender);

        rejections |= bit;
        request.rejections = rejections;
        uint8 count = _count(rejections & cfg.authorityMask);
        emit GrantRejected(requestId, msg.sender, count, reason);
        if (cfg.authorityCount - count < cfg.grantThreshold) {
            _close(requestId, request);
        }
    }

    /// Closes a pending request that was not approved in time (requestTtl) or whose validity ended,
    /// releasing the subject for a new request when its hashes were staged in the record. Anyone may
    /// call it, so a squatted subject is free again after requestTtl at most.
    function closeExpired(bytes32 requestId) external {
        Request storage request = requests[requestId];
        uint8 state = request.state;
        if (state == REQUEST_NONE) revert UnknownRequest(requestId);
        if (state != REQUEST_PENDING) revert AlreadyDecided(requestId, state);
        uint64 deadline = _deadline(request);
        if (block.timestamp < deadline) revert RequestNotExpired(requestId, deadline);
        _close(requestId, request);
    }

    /// The end of a request's approvability: min(notAfter, pendingUntil).
    function _deadline(Request storage request) private view returns (uint64) {
        uint64 notAfter = request.notAfter;
        uint64 pendingUntil = uint64(request.pendingUntil);
        return pendingUntil < notAfter ? pendingUntil : notAfter;
    }

    /// A revoked key never comes back (for any subject), and a cited enrollment must be anchored.
    function _checkKeyAndEnrollment(bytes32 subjectId, bytes32 keyHash, bytes32 attestationHash) private view {
        if (revokedKeys[keyHash]) revert KeyRevoked(keyHash);
        if (attestationHash != bytes32(0) && !isAnchored(subjectId, attestationHash)) {
            revert EnrollmentNotAnchored(subjectId, attestationHash);
        }
    }

    function _close(bytes32 requestId, Request storage request) private {
        request.state = REQUEST_REJECTED;
        if (request.keyHash == bytes32(0)) {
            Grant storage grant = grants[request.subjectId];
            // Only a staged record is cleared (status NONE); keyHash is never zero for a real key.
            if (grant.status == STATUS_NONE) {
                grant.keyHash = bytes32(0);
                grant.attestationHash = bytes32(0);
            }
        }
        emit RequestClosed(requestId);
    }

    function _activate(bytes32 requestId, Request storage request) private {
        bytes32 subjectId = request.subjectId;
        Grant storage grant = grants[subjectId];
        uint8 previousStatus = grant.status;
        if (previousStatus == STATUS_SUSPENDED) revert GrantIsSuspended(subjectId);
        uint32 version = grant.version;
        if (previousStatus != STATUS_NONE) emit GrantSuperseded(subjectId, version, grant.keyHash);
        version += 1;
        bytes32 keyHash = request.keyHash;
        bytes32 attestationHash = request.attestationHash;
        if (keyHash == bytes32(0)) {
            // Staged by requestGrant: the hashes are in place; rewriting equal values costs little,
            // so the only fresh slot written is the packed one.
            keyHash = grant.keyHash;
            attestationHash = grant.attestationHash;
        }
        // Re-checked: the key may have been revoked elsewhere, or the enrollment re-anchored or its
        // enroller removed, since the request was filed.
        _checkKeyAndEnrollment(subjectId, keyHash, attestationHash);
        grants[subjectId] = Grant({
            status: STATUS_ACTIVE,
            role: request.role,
            algorithm: request.algorithm,
            version: version,
            notBefore: request.notBefore,
            notAfter: request.notAfter,
            revokedAt: 0,
            keyHash: keyHash,
            attestationHash: attestationHash
        });
        _sealRecord(subjectId, grant);
        emit GrantActivated(subjectId, requestId, version, keyHash);
    }

    // ---------------------------------------------------------------- revocation and suspension

    /// Votes to revoke the subject's current grant; it is revoked when r authorities voted
    /// (r = 1: at once). Votes are per grant version, so a rotation starts a fresh tally.
    function revoke(bytes32 subjectId, string calldata reason) external {
        Authority storage authority = _authority(msg.sender);
        Grant storage grant = grants[subjectId];
        uint8 status = grant.status;
        if (status != STATUS_ACTIVE && status != STATUS_SUSPENDED) revert GrantNotActive(subjectId, status);
        uint32 version = grant.version;
        Config memory cfg = config;
        if (cfg.revocationThreshold > 1) {
            RevocationTally storage tally = revocationTallies[subjectId];
            uint32 votes = tally.version == version ? tally.votes : 0;
            uint32 bit = uint32(1) << authority.index;
            if (votes & bit != 0) revert AlreadyVoted(subjectId, msg.sender);
            votes |= bit;
            tally.version = version;
            tally.votes = votes;
            uint8 count = _count(votes & cfg.authorityMask);
            emit RevocationVoted(subjectId, msg.sender, version, count, reason);
            if (count < cfg.revocationThreshold) return;
        }
        uint64 revokedAt = uint64(block.timestamp);
        grant.status = STATUS_REVOKED;
        grant.revokedAt = revokedAt;
        // Barred for good: a revocation is final (suspend/resume is the reversible stop).
        revokedKeys[grant.keyHash] = true;
        _sealRecord(subjectId, grant);
        emit GrantRevoked(subjectId, version, revokedAt, reason);
    }

    /// Suspends an active grant at once (any authority allowed to approve its role): reversible,
    /// unlike a revocation.
    function suspend(bytes32 subjectId, string calldata reason) external {
        Authority storage authority = _authority(msg.sender);
        Grant storage grant = grants[subjectId];
        uint8 status = grant.status;
        if (status != STATUS_ACTIVE) revert GrantNotActive(subjectId, status);
        uint8 role = grant.role;
        if (authority.roles & (uint32(1) << role) == 0) revert RoleNotAllowed(msg.sender, role);
        grant.status = STATUS_SUSPENDED;
        _sealRecord(subjectId, grant);
        emit GrantSuspended(subjectId, msg.sender, grant.version, reason);
    }

    function resume(bytes32 subjectId) external {
        Authority storage authority = _authority(msg.sender);
        Grant storage grant = grants[subjectId];
        uint8 status = grant.status;
        if (status != STATUS_SUSPENDED) revert NotSuspended(subjectId, status);
        uint8 role = grant.role;
        if (authority.roles & (uint32(1) << role) == 0) revert RoleNotAllowed(msg.sender, role);
        grant.status = STATUS_ACTIVE;
        _sealRecord(subjectId, grant);
        emit GrantResumed(subjectId, msg.sender, grant.version);
    }

    /// Every write of a record (status other than NONE) ends here: recordHashes must always match
    /// the three words of grants[subjectId], or light clients refuse the record. Staged hashes of a
    /// NONE record are not a record and keep the hash zero.
    function _sealRecord(bytes32 subjectId, Grant storage grant) private {
        bytes32 packed;
        assembly {
            packed := sload(grant.slot)
        }
        recordHashes[subjectId] = keccak256(abi.encodePacked(packed, grant.keyHash, grant.attestationHash));
    }

    // ---------------------------------------------------------------- views

    /// The three raw words of grants[subjectId] (layout in RegistryLayout): what a light client
    /// fetches unproven and checks against the proven recordHashes[subjectId].
    function recordOf(bytes32 subjectId) external view returns (bytes32 packed, bytes32 keyHash, bytes32 attestationHash) {
        Grant storage grant = grants[subjectId];
        assembly {
            packed := sload(grant.slot)
        }
        return (packed, grant.keyHash, grant.attestationHash);
    }

    /// Whether a relying party should accept `keyHash` for `role` at `time`: the grant is active,
    /// for that role and key, and `time` lies in [notBefore, notAfter] (expiry needs no transaction).
    function isValid(bytes32 subjectId, uint8 role, bytes32 keyHash, uint64 time) external view returns (bool) {
        Grant storage grant = grants[subjectId];
        return grant.status == STATUS_ACTIVE && grant.role == role && grant.keyHash == keyHash
            && time >= grant.notBefore && time <= grant.notAfter;
    }

    // ---------------------------------------------------------------- governance

    /// Proposes a change of the authority set, the registrars or the thresholds; the proposer's
    /// approval counts, and the proposal executes when the governance threshold is reached.
    function propose(
        uint8 kind,
        address target,
        string calldata name,
        uint32 roles,
        uint8 grantThreshold,
        uint8 revocationThreshold,
        uint8 governanceThreshold
    ) external returns (uint256 proposalId) {
        _authority(msg.sender);
        if (kind == 0 || kind > PROPOSAL_SET_REGISTRAR_ROLES) revert InvalidProposalKind(kind);
        Proposal storage proposal;
        (proposalId, proposal) = _newProposal(kind, target);
        proposal.roles = roles;
        proposal.grantThreshold = grantThreshold;
        proposal.revocationThreshold = revocationThreshold;
        proposal.governanceThreshold = governanceThreshold;
        proposal.name = name;
        emit ProposalCreated(proposalId, msg.sender, kind, target);
        _approveProposal(proposalId, proposal);
    }

    /// Proposes a duration: SET_MAX_VALIDITY (for each role in `roles`) or SET_REQUEST_TTL.
    function proposeDuration(uint8 kind, uint32 roles, uint64 duration) external returns (uint256 proposalId) {
        _authority(msg.sender);
        if (kind != PROPOSAL_SET_MAX_VALIDITY && kind != PROPOSAL_SET_REQUEST_TTL) revert InvalidProposalKind(kind);
        if (kind == PROPOSAL_SET_MAX_VALIDITY) _checkRoles(roles);
        if (duration == 0) revert InvalidDuration(duration);
        Proposal storage proposal;
        (proposalId, proposal) = _newProposal(kind, address(0));
        proposal.roles = roles;
        proposal.duration = duration;
        emit ProposalCreated(proposalId, msg.sender, kind, address(0));
        _approveProposal(proposalId, proposal);
    }

    function _newProposal(uint8 kind, address target) private returns (uint256 proposalId, Proposal storage proposal) {
        proposalId = ++proposalCount;
        proposal = proposals[proposalId];
        proposal.kind = kind;
        proposal.target = target;
    }

    function approveProposal(uint256 proposalId) external {
        Proposal storage proposal = proposals[proposalId];
        if (proposal.kind == 0) revert UnknownProposal(proposalId);
        _approveProposal(proposalId, proposal);
    }

    function _approveProposal(uint256 proposalId, Proposal storage proposal) private {
        Authority storage authority = _authority(msg.sender);
        if (proposal.executed) revert ProposalAlreadyExecuted(proposalId);
        uint32 bit = uint32(1) << authority.index;
        uint32 approvals = proposal.approvals;
        if (approvals & bit != 0) revert AlreadyVoted(bytes32(proposalId), msg.sender);
        approvals |= bit;
        proposal.approvals = approvals;
        uint8 count = _count(approvals & config.authorityMask);
        emit ProposalApproved(proposalId, msg.sender, count);
        if (count >= config.governanceThreshold) {
            proposal.executed = true;
            _execute(proposal);
            emit ProposalExecuted(proposalId);
        }
    }

    function _execute(Proposal storage proposal) private {
        uint8 kind = proposal.kind;
        address target = proposal.target;
        if (kind == PROPOSAL_ADD_AUTHORITY) {
            _addAuthority(target, proposal.name, proposal.roles);
        } else if (kind == PROPOSAL_REMOVE_AUTHORITY) {
            _removeAuthority(target);
        } else if (kind == PROPOSAL_SET_AUTHORITY_ROLES) {
            Authority storage authority = authorities[target];
            if (!authority.active) revert UnknownAuthority(target);
            _checkRoles(proposal.roles);
            authority.roles = proposal.roles;
            emit AuthorityRolesChanged(target, proposal.roles);
        } else if (kind == PROPOSAL_ADD_REGISTRAR) {
            _addRegistrar(target, proposal.roles);
        } else if (kind == PROPOSAL_REMOVE_REGISTRAR) {
            if (!registrars[target]) revert UnknownRegistrar(target);
            registrars[target] = false;
            registrarRoles[target] = 0;
            emit RegistrarRemoved(target);
        } else if (kind == PROPOSAL_SET_THRESHOLDS) {
            _setThresholds(proposal.grantThreshold, proposal.revocationThreshold, proposal.governanceThreshold);
        } else if (kind == PROPOSAL_ADD_ENROLLER) {
            _addEnroller(target);
        } else if (kind == PROPOSAL_REMOVE_ENROLLER) {
            if (!enrollers[target]) revert UnknownEnroller(target);
            enrollers[target] = false;
            emit EnrollerRemoved(target);
        } else if (kind == PROPOSAL_SET_REGISTRAR_ROLES) {
            if (!registrars[target]) revert UnknownRegistrar(target);
            _checkRoles(proposal.roles);
            registrarRoles[target] = proposal.roles;
            emit RegistrarRolesChanged(target, proposal.roles);
        } else if (kind == PROPOSAL_SET_MAX_VALIDITY) {
            uint32 roles = proposal.roles;
            for (uint8 role = 1; role < 32; role++) {
                if (roles & (uint32(1) << role) != 0) _setMaxValidity(role, proposal.duration);
            }
        } else {
            _setRequestTtl(proposal.duration);
        }
    }

    // ---------------------------------------------------------------- internals

    function _authority(address caller) private view returns (Authority storage authority) {
        authority = authorities[caller];
        if (!authority.active) revert NotAuthority(caller);
    }

    function _addAuthority(address account, string memory name, uint32 roles) private {
        if (account == address(0)) revert ZeroAddress();
        Authority storage authority = authorities[account];
        if (authority.active) revert AuthorityExists(account);
        _checkRoles(roles);
        uint8 index = config.nextAuthorityIndex;
        if (index >= MAX_AUTHORITY_INDEXES) revert AuthorityLimitReached();
        authority.active = true;
        authority.index = index;
        authority.roles = roles;
        authority.name = name;
        authorityAtIndex[index] = account;
        config.nextAuthorityIndex = index + 1;
        config.authorityCount += 1;
        config.authorityMask |= uint32(1) << index;
        emit AuthorityAdded(account, index, roles, name);
    }

    function _removeAuthority(address account) private {
        Authority storage authority = authorities[account];
        if (!authority.active) revert UnknownAuthority(account);
        Config memory cfg = config;
        uint8 remaining = cfg.authorityCount - 1;
        if (cfg.grantThreshold > remaining || cfg.revocationThreshold > remaining || cfg.governanceThreshold > remaining) {
            revert InvalidThresholds(cfg.grantThreshold, cfg.revocationThreshold, cfg.governanceThreshold, remaining);
        }
        authority.active = false;
        config.authorityCount = remaining;
        config.authorityMask = cfg.authorityMask & ~(uint32(1) << authority.index);
        emit AuthorityRemoved(account);
    }

    function _addRegistrar(address account, uint32 roles) private {
        if (account == address(0)) revert ZeroAddress();
        if (registrars[account]) revert RegistrarExists(account);
        _checkRoles(roles);
        registrars[account] = true;
        registrarRoles[account] = roles;
        emit RegistrarAdded(account, roles);
    }

    function _addEnroller(address account) private {
        if (account == address(0)) revert ZeroAddress();
        if (enrollers[account]) revert EnrollerExists(account);
        enrollers[account] = true;
        emit EnrollerAdded(account);
    }

    function _setMaxValidity(uint8 role, uint64 seconds_) private {
        maxValidity[role] = seconds_;
        emit MaxValidityChanged(role, seconds_);
    }

    function _setRequestTtl(uint64 seconds_) private {
        if (seconds_ == 0) revert InvalidDuration(seconds_);
        requestTtl = seconds_;
        emit RequestTtlChanged(seconds_);
    }

    function _setThresholds(uint8 grantThreshold, uint8 revocationThreshold, uint8 governanceThreshold) private {
        uint8 n = config.authorityCount;
        if (
            grantThreshold == 0 || revocationThreshold == 0 || governanceThreshold == 0 || grantThreshold > n
                || revocationThreshold > n || governanceThreshold > n
        ) revert InvalidThresholds(grantThreshold, revocationThreshold, governanceThreshold, n);
        config.grantThreshold = grantThreshold;
        config.revocationThreshold = revocationThreshold;
        config.governanceThreshold = governanceThreshold;
        emit ThresholdsChanged(grantThreshold, revocationThreshold, governanceThreshold);
    }

    /// Role codes are 1..31; bit 0 ("no role") must stay clear.
    function _checkRoles(uint32 roles) private pure {
        if (roles == 0 || roles & 1 != 0) revert InvalidRoles(roles);
    }

    /// Population count of a 32-bit vote bitmap.
    function _count(uint32 bits) private pure returns (uint8 count) {
        unchecked {
            uint32 x = bits - ((bits >> 1) & 0x55555555);
            x = (x & 0x33333333) + ((x >> 2) & 0x33333333);
            x = (x + (x >> 4)) & 0x0F0F0F0F;
            count = uint8((x * 0x01010101) >> 24);
        }
    }
}
