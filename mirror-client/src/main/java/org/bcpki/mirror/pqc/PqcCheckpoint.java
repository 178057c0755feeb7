package org.bcpki.mirror.pqc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.Keccak;

/**
 * What the authorities sign every E blocks with ML-DSA-65: a block of a chain and the validator set
 * that sealed it. The signed message is fixed (see the module README) so the authority side can
 * produce it byte for byte:
 *
 * <pre>
 * "bcpki/qbft-checkpoint/v1" (24 ASCII bytes) || chainId (uint64 BE) || number (uint64 BE)
 *   || blockHash (32) || validatorSetHash (32)            = 104 bytes
 * validatorSetHash = keccak256(validator_1 || ... || validator_n), 20-byte addresses sorted ascending
 * </pre>
 */
public record PqcCheckpoint(long chainId, long number, Bytes32 blockHash, Bytes32 validatorSetHash) {
    public static final byte[] DOMAIN = "bcpki/qbft-checkpoint/v1".getBytes(StandardCharsets.US_ASCII);
    public static final int MESSAGE_LENGTH = DOMAIN.length + 8 + 8 + 32 + 32;

    public PqcCheckpoint {
        if (chainId < 0 || number < 0) {
            throw new IllegalArgumentException("chain id and block number must not be negative");
        }
        if (blockHash == null || validatorSetHash == null) {
            throw new IllegalArgumentException("block hash and validator-set hash are required");
        }
    }

    /** The exact bytes each authority signs. */
    public byte[] message() {
        return ByteBuffer.allocate(MESSAGE_LENGTH)
                .put(DOMAIN)
                .putLong(chainId)
                .putLong(number)
                .put(blockHash.toArrayUnsafe())
                .put(validatorSetHash.toArrayUnsafe())
                .array();
    }

    /**
     * keccak256 of the concatenated 20-byte validator addresses, which must already be sorted
     * ascending (unsigned) and distinct, as in QBFT extraData.
     */
    public static Bytes32 validatorSetHash(List<Bytes> sortedValidators) {
        byte[] all = new byte[20 * sortedValidators.size()];
        Bytes previous = null;
        for (int i = 0; i < sortedValidators.size(); i++) {
            Bytes validator = sortedValidators.get(i);
            if (validator.size() != 20) {
                throw new IllegalArgumentException("a validator address has 20 bytes, got " + validator.size());
            }
            if (previous != null && previous.compareTo(validator) >= 0) {
                throw new IllegalArgumentException("validators must be sorted ascending and distinct");
            }
            System.arraycopy(validator.toArrayUnsafe(), 0, all, 20 * i, 20);
            previous = validator;
        }
        return Bytes32.wrap(Keccak.keccak256(all));
    }
}
