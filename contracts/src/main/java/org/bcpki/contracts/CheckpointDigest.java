package org.bcpki.contracts;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bcpki.core.chain.CheckpointMessage;
import org.bcpki.core.crypto.Keccak;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.utils.Numeric;

/**
 * The CheckpointRegistry's key for a checkpoint, its {@code digestFor}: keccak256(abi.encode(
 * keccak256("bcpki-checkpoint-v1"), chainId, number, blockHash, validatorSetHash)). The contract counts
 * signers under it; what the ML-DSA-65 signatures cover is {@link CheckpointMessage#signedBytes()}
 * (the EVM cannot verify ML-DSA, so that check is between authorities and light clients).
 */
public final class CheckpointDigest {
    private static final byte[] DOMAIN = Keccak.keccak256("bcpki-checkpoint-v1".getBytes(StandardCharsets.US_ASCII));

    private CheckpointDigest() {}

    public static byte[] of(CheckpointMessage message) {
        String encoded = new DefaultFunctionEncoder().encodeParameters(List.of(new Bytes32(DOMAIN),
                new Uint256(message.chainId()), new Uint64(message.number()), new Bytes32(message.blockHash().toArrayUnsafe()),
                new Bytes32(message.validatorSetHash().toArrayUnsafe())));
        return Keccak.keccak256(Numeric.hexStringToByteArray(encoded));
    }
}
