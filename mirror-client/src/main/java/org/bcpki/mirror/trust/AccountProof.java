package org.bcpki.mirror.trust;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;

/**
 * An EIP-1186 account proof as a node claims it ({@code eth_getProof}): the claimed account fields,
 * the account's proof nodes, and per requested slot its claimed value and proof nodes. Nothing here
 * is believed; {@link ProofVerifier} checks it. The bounds keep a hostile answer from costing more
 * than an honest one could.
 */
public record AccountProof(Bytes address, long nonce, BigInteger balance, Bytes32 storageHash, Bytes32 codeHash,
        List<Bytes> accountProof, List<StorageProof> storageProof) {
    /** More nodes than any path in a 2^256-keyed trie can have (64 nibbles plus extensions). */
    public static final int MAX_PROOF_NODES = 80;
    public static final int MAX_NODE_BYTES = 4096;
    public static final int MAX_STORAGE_PROOFS = 256;

    /** One slot's claimed value (padded to 32 bytes, however the node spelled it) and its proof. */
    public record StorageProof(Bytes32 key, Bytes32 value, List<Bytes> proof) {
        public StorageProof {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            proof = nodes(proof, "storage proof");
        }
    }

    public AccountProof {
        Objects.requireNonNull(address, "address");
        if (address.size() != 20) {
            throw new MalformedDataException("address must be 20 bytes, got " + address.size());
        }
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(storageHash, "storageHash");
        Objects.requireNonNull(codeHash, "codeHash");
        accountProof = nodes(accountProof, "accountProof");
        if (storageProof.size() > MAX_STORAGE_PROOFS) {
            throw new MalformedDataException("more than " + MAX_STORAGE_PROOFS + " storage proofs");
        }
        storageProof = List.copyOf(storageProof);
    }

    /** Bytes of all proof nodes: what the answer cost beyond its framing. */
    public int proofBytes() {
        int bytes = accountProof.stream().mapToInt(Bytes::size).sum();
        for (StorageProof slot : storageProof) {
            bytes += slot.proof().stream().mapToInt(Bytes::size).sum();
        }
        return bytes;
    }

    private static List<Bytes> nodes(List<Bytes> nodes, String what) {
        if (nodes.size() > MAX_PROOF_NODES) {
            throw new MalformedDataException(what + " has more than " + MAX_PROOF_NODES + " nodes");
        }
        for (Bytes node : nodes) {
            if (node.size() > MAX_NODE_BYTES) {
                throw new MalformedDataException(what + " has a node longer than " + MAX_NODE_BYTES + " bytes");
            }
        }
        return List.copyOf(nodes);
    }
}
