// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IdentityRegistry} from "./IdentityRegistry.sol";

/// @title CheckpointRegistry: post-quantum checkpoints of the chain, signed by authorities.
/// @notice Every `interval` blocks each authority signs, with the ML-DSA-65 key of its AUTHORITY
///         grant, the light client's 104-byte message
///         "bcpki/qbft-checkpoint/v1" || chainId (uint64) || number (uint64) || blockHash || validatorSetHash
///         and submits the signature here; signers are counted under digestFor(...), which binds
///         the same fields. The EVM cannot verify ML-DSA, so the contract records
///         who submitted what and publishes the signature in an event; light clients verify each
///         signature against the signer subject's key hash in the IdentityRegistry and count
///         distinct valid signers. A quantum attacker who forges the secp256k1 seals of the QBFT
///         headers still cannot forge these.
contract CheckpointRegistry {
    uint8 public constant ROLE_AUTHORITY = 8;
    uint8 public constant ALGORITHM_ML_DSA_65 = 11;
    uint256 public constant ML_DSA_65_SIGNATURE_LENGTH = 3309;
    bytes32 public constant DOMAIN = keccak256("bcpki-checkpoint-v1");

    IdentityRegistry public immutable registry;
    uint64 public immutable interval;

    /// Which authority indexes signed a checkpoint message (by message digest).
    mapping(bytes32 => uint32) public signers;
    /// The latest checkpoint number with at least one signature.
    uint64 public latestNumber;

    event CheckpointSigned(
        uint64 indexed number,
        address indexed authority,
        bytes32 indexed signerSubjectId,
        bytes32 blockHash,
        bytes32 validatorSetHash,
        uint8 signatures,
        bytes signature
    );

    error NotAuthority(address caller);
    error NotCheckpointBlock(uint64 number, uint64 interval);
    error FutureBlock(uint64 number, uint256 current);
    error SignerNotAuthority(bytes32 signerSubjectId, uint8 status, uint8 role, uint8 algorithm);
    error InvalidSignatureLength(uint256 length, uint256 expected);
    error AlreadySigned(bytes32 digest, address authority);
    error InvalidInterval();

    constructor(IdentityRegistry identityRegistry, uint64 checkpointInterval) {
        if (checkpointInterval == 0) revert InvalidInterval();
        registry = identityRegistry;
        interval = checkpointInterval;
    }

    /// The digest an authority signs for a checkpoint (ML-DSA-65 over these 32 bytes).
    function digestFor(uint64 number, bytes32 blockHash, bytes32 validatorSetHash) public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN, block.chainid, number, blockHash, validatorSetHash));
    }

    function submit(
        uint64 number,
        bytes32 blockHash,
        bytes32 validatorSetHash,
        bytes32 signerSubjectId,
        bytes calldata signature
    ) external {
        uint8 index = _authorityIndex(msg.sender);
        if (number % interval != 0) revert NotCheckpointBlock(number, interval);
        if (number >= block.number) revert FutureBlock(number, block.number);
        if (signature.length != ML_DSA_65_SIGNATURE_LENGTH) {
            revert InvalidSignatureLength(signature.length, ML_DSA_65_SIGNATURE_LENGTH);
        }
        _checkSigner(signerSubjectId);
        uint8 count = _record(digestFor(number, blockHash, validatorSetHash), index);
        if (number > latestNumber) latestNumber = number;
        emit CheckpointSigned(number, msg.sender, signerSubjectId, blockHash, validatorSetHash, count, signature);
    }

    function _authorityIndex(address caller) private view returns (uint8) {
        (bool active, uint8 index,,) = registry.authorities(caller);
        if (!active) revert NotAuthority(caller);
        return index;
    }

    /// The signer must hold an active AUTHORITY grant for an ML-DSA-65 key (its hash is what light
    /// clients check the signature against).
    function _checkSigner(bytes32 signerSubjectId) private view {
        (uint8 status, uint8 role, uint8 algorithm,,,,,,) = registry.grants(signerSubjectId);
        if (status != 1 || role != ROLE_AUTHORITY || algorithm != ALGORITHM_ML_DSA_65) {
            revert SignerNotAuthority(signerSubjectId, status, role, algorithm);
        }
    }

    function _record(bytes32 digest, uint8 index) private returns (uint8) {
        uint32 bit = uint32(1) << index;
        uint32 signed = signers[digest];
        if (signed & bit != 0) revert AlreadySigned(digest, msg.sender);
        signed |= bit;
        signers[digest] = signed;
        return _count(signed);
    }

    function _count(uint32 bits) private pure returns (uint8 count) {
        while (bits != 0) {
            bits &= bits - 1;
            count++;
        }
    }
}
