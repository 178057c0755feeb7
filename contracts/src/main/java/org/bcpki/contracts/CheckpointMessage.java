package org.bcpki.contracts;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.Keccak;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * What authorities sign for a post-quantum checkpoint (as CheckpointRegistry.digestFor):
 * keccak256(abi.encode(keccak256("bcpki-checkpoint-v1"), chainId, number, blockHash, validatorSetHash)),
 * with validatorSetHash = keccak256 of the validators' 20-byte addresses in the order the block's
 * QBFT extra data lists them.
 */
public record CheckpointMessage(long chainId, long number, Bytes32 blockHash, Bytes32 validatorSetHash) {
    private static final byte[] DOMAIN = Keccak.keccak256("bcpki-checkpoint-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    public static Bytes32 validatorSetHash(List<Address> validators) {
        return Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(validators.stream().map(Address::value).toList())
                .toArrayUnsafe()));
    }

    /** The 32 bytes the ML-DSA-65 signature covers. */
    public byte[] digest() {
        String encoded = new DefaultFunctionEncoder().encodeParameters(List.of(new org.web3j.abi.datatypes.generated.Bytes32(DOMAIN),
                new Uint256(chainId), new Uint64(number), new org.web3j.abi.datatypes.generated.Bytes32(blockHash.toArrayUnsafe()),
                new org.web3j.abi.datatypes.generated.Bytes32(validatorSetHash.toArrayUnsafe())));
        return Keccak.keccak256(org.web3j.utils.Numeric.hexStringToByteArray(encoded));
    }
}
