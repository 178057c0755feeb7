package org.bcpki.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.Keccak;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * A post-quantum checkpoint: block {@code number} of chain {@code chainId} has hash {@code blockHash}
 * and was sealed by the validator set hashing to {@code validatorSetHash} (keccak256 of the 20-byte
 * addresses, sorted ascending, as QBFT extra data lists them).
 *
 * <p>Two encodings: {@link #signedBytes()} is what the ML-DSA-65 signatures cover, the light
 * client's 104-byte message (mirror-client/README.md, "PQC checkpoints"); {@link #digest()} is the
 * CheckpointRegistry's {@code digestFor}, the key under which the contract counts signers (the EVM
 * cannot verify ML-DSA, so what the signature covers is between authorities and light clients).
 */
public record CheckpointMessage(long chainId, long number, Bytes32 blockHash, Bytes32 validatorSetHash) {
    private static final byte[] DOMAIN = Keccak.keccak256("bcpki-checkpoint-v1".getBytes(StandardCharsets.US_ASCII));
    /** The light client's domain tag (mirror-client's PqcCheckpoint). */
    private static final byte[] SIGNED_DOMAIN = "bcpki/qbft-checkpoint/v1".getBytes(StandardCharsets.US_ASCII);

    /** keccak256 of the validators' addresses, sorted ascending. */
    public static Bytes32 validatorSetHash(List<Address> validators) {
        List<Bytes> sorted = validators.stream().sorted().map(Address::value).toList();
        return Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(sorted).toArrayUnsafe()));
    }

    /** The 104 bytes each authority signs with ML-DSA-65. */
    public byte[] signedBytes() {
        return ByteBuffer.allocate(SIGNED_DOMAIN.length + 8 + 8 + 32 + 32)
                .put(SIGNED_DOMAIN)
                .putLong(chainId)
                .putLong(number)
                .put(blockHash.toArrayUnsafe())
                .put(validatorSetHash.toArrayUnsafe())
                .array();
    }

    /** The registry's key for this checkpoint: keccak256(abi.encode(keccak256("bcpki-checkpoint-v1"), chainId, number, blockHash, validatorSetHash)). */
    public byte[] digest() {
        String encoded = new DefaultFunctionEncoder().encodeParameters(List.of(new org.web3j.abi.datatypes.generated.Bytes32(DOMAIN),
                new Uint256(chainId), new Uint64(number), new org.web3j.abi.datatypes.generated.Bytes32(blockHash.toArrayUnsafe()),
                new org.web3j.abi.datatypes.generated.Bytes32(validatorSetHash.toArrayUnsafe())));
        return Keccak.keccak256(org.web3j.utils.Numeric.hexStringToByteArray(encoded));
    }
}
