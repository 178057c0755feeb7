package org.bcpki.core.chain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.Keccak;

/**
 * A post-quantum checkpoint: block {@code number} of chain {@code chainId} has hash {@code blockHash}
 * and was sealed by the validator set hashing to {@code validatorSetHash}. The authorities sign
 * {@link #signedBytes()} with ML-DSA-65 and light clients verify those signatures, so this is the one
 * definition both sides use (a byte of drift would break every signature):
 *
 * <pre>
 * "bcpki/qbft-checkpoint/v1" (24 ASCII bytes) || chainId (uint64 BE) || number (uint64 BE)
 *   || blockHash (32) || validatorSetHash (32)            = 104 bytes
 * validatorSetHash = keccak256(validator_1 || ... || validator_n), 20-byte addresses ascending, distinct
 * </pre>
 */
public record CheckpointMessage(long chainId, long number, Bytes32 blockHash, Bytes32 validatorSetHash) {
    public static final byte[] DOMAIN = "bcpki/qbft-checkpoint/v1".getBytes(StandardCharsets.US_ASCII);
    public static final int LENGTH = DOMAIN.length + 8 + 8 + 32 + 32;

    public CheckpointMessage {
        if (chainId < 0 || number < 0) {
            throw new IllegalArgumentException("chain id and block number must not be negative");
        }
        if (blockHash == null || validatorSetHash == null) {
            throw new IllegalArgumentException("block hash and validator-set hash are required");
        }
    }

    /** The checkpoint of a sealed QBFT header: its hash and the validators its extra data lists. */
    public static CheckpointMessage of(long chainId, BlockHeader header) {
        return new CheckpointMessage(chainId, header.number(), BftHashing.blockHash(header),
                validatorSetHash(QbftExtraDataCodec.decode(header.extraData()).validators()));
    }

    /** The exact bytes each authority signs. */
    public byte[] signedBytes() {
        return ByteBuffer.allocate(LENGTH)
                .put(DOMAIN)
                .putLong(chainId)
                .putLong(number)
                .put(blockHash.toArrayUnsafe())
                .put(validatorSetHash.toArrayUnsafe())
                .array();
    }

    /**
     * keccak256 of the concatenated addresses, which must be sorted ascending and distinct, as QBFT
     * extra data lists them: a set given in another order is refused, never silently re-sorted, so
     * signer and verifier cannot hash different orders of one set.
     */
    public static Bytes32 validatorSetHash(List<Address> validators) {
        byte[] all = new byte[Address.SIZE * validators.size()];
        Address previous = null;
        for (int i = 0; i < validators.size(); i++) {
            Address validator = validators.get(i);
            if (previous != null && previous.compareTo(validator) >= 0) {
                throw new IllegalArgumentException("validators must be sorted ascending and distinct: " + validators);
            }
            System.arraycopy(validator.value().toArrayUnsafe(), 0, all, Address.SIZE * i, Address.SIZE);
            previous = validator;
        }
        return Bytes32.wrap(Keccak.keccak256(all));
    }
}
