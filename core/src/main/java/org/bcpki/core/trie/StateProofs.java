package org.bcpki.core.trie;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.crypto.Keccak;

/** EIP-1186 account and storage proofs over the secure (keccak-keyed) state and storage tries. */
public final class StateProofs {
    private StateProofs() {}

    /** The account at a 20-byte address under a state root, or empty when the proof shows it absent. */
    public static Optional<AccountState> account(Bytes32 stateRoot, Bytes address, List<Bytes> proof) {
        if (address.size() != 20) {
            throw new IllegalArgumentException("an address has 20 bytes, got " + address.size());
        }
        try {
            return MerkleProof.verify(stateRoot, keccak(address), proof).map(AccountState::decode);
        } catch (InvalidProofException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException("the proven account does not decode: " + e.getMessage(), e);
        }
    }

    /** The value of a storage slot under an account's storage root; zero when proven absent. */
    public static Bytes32 storage(Bytes32 storageRoot, Bytes32 slot, List<Bytes> proof) {
        Optional<Bytes> value = MerkleProof.verify(storageRoot, keccak(slot), proof);
        if (value.isEmpty()) {
            return Bytes32.ZERO;
        }
        Bytes scalar;
        try {
            scalar = RLP.decodeValue(value.get());
        } catch (RuntimeException e) {
            throw new InvalidProofException("a storage value must be an RLP byte string: " + e.getMessage(), e);
        }
        if (scalar.isEmpty() || scalar.size() > 32 || scalar.get(0) == 0) {
            throw new InvalidProofException("a stored value is a minimal non-zero scalar of at most 32 bytes");
        }
        return Bytes32.leftPad(scalar);
    }

    private static Bytes keccak(Bytes data) {
        return Bytes.wrap(Keccak.keccak256(data.toArrayUnsafe()));
    }
}
