package org.bcpki.core.trie;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.rlp.RlpFields;

/**
 * Verifies an EIP-1186 Merkle-Patricia proof: the nodes on a key's path, from the root. The result is
 * the value (present) or empty (proven absent); anything else throws {@link InvalidProofException}.
 *
 * <p>Every node taken from the proof must hash to the reference its parent holds, and every node in
 * the proof must be used, so a hostile endpoint can neither substitute nor pad.
 */
public final class MerkleProof {
    private static final int MAX_NODE_BYTES = 4096; // a branch with 16 hashes and a value is ~600

    private MerkleProof() {}

    public static Optional<Bytes> verify(Bytes32 root, Bytes key, List<Bytes> proof) {
        if (proof.isEmpty()) {
            if (root.equals(MerklePatriciaTrie.EMPTY_ROOT)) {
                return Optional.empty();
            }
            throw new InvalidProofException("empty proof for a non-empty trie");
        }
        byte[] path = Nibbles.of(key);
        int at = 0;
        int used = 0;
        Object reference = root; // a Bytes32 hash, or an embedded node (List<Object>)
        while (true) {
            List<Object> node;
            if (reference instanceof Bytes32 hash) {
                if (used == proof.size()) {
                    throw new InvalidProofException("proof ends before the path does (node " + hash + " missing)");
                }
                Bytes encoded = proof.get(used++);
                if (encoded.size() > MAX_NODE_BYTES) {
                    throw new InvalidProofException("proof node " + (used - 1) + " is too large");
                }
                if (!Bytes.wrap(Keccak.keccak256(encoded.toArrayUnsafe())).equals(hash)) {
                    throw new InvalidProofException("proof node " + (used - 1) + " does not match its hash " + hash);
                }
                node = decodeNode(encoded);
            } else {
                @SuppressWarnings("unchecked")
                List<Object> embedded = (List<Object>) reference;
                node = embedded;
            }

            Optional<Bytes> result;
            if (node.size() == 17) {
                if (at == path.length) {
                    result = valueOf(node.get(16));
                } else {
                    Object child = node.get(path[at++]);
                    if (isEmpty(child)) {
                        result = Optional.empty();
                    } else {
                        reference = childReference(child);
                        continue;
                    }
                }
            } else if (node.size() == 2) {
                Nibbles.Path nodePath = pathOf(node);
                int common = Nibbles.commonPrefix(path, at, nodePath.nibbles());
                if (nodePath.leaf()) {
                    boolean match = common == nodePath.nibbles().length && at + common == path.length;
                    result = match ? valueOf(node.get(1)) : Optional.empty();
                } else if (common < nodePath.nibbles().length) {
                    result = Optional.empty(); // the path leaves this extension: key absent
                } else {
                    at += common;
                    reference = childReference(node.get(1));
                    continue;
                }
            } else {
                throw new InvalidProofException("a trie node has 2 or 17 items, got " + node.size());
            }
            if (used != proof.size()) {
                throw new InvalidProofException((proof.size() - used) + " proof node(s) left unused");
            }
            return result;
        }
    }

    private static Optional<Bytes> valueOf(Object item) {
        Bytes value = asBytes(item);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static boolean isEmpty(Object item) {
        return item instanceof Bytes bytes && bytes.isEmpty();
    }

    private static Object childReference(Object child) {
        if (child instanceof Bytes bytes) {
            if (bytes.size() != 32) {
                throw new InvalidProofException("a child reference is a 32-byte hash or an embedded node, got "
                        + bytes.size() + " bytes");
            }
            return Bytes32.wrap(bytes);
        }
        return child;
    }

    private static Bytes asBytes(Object item) {
        if (item instanceof Bytes bytes) {
            return bytes;
        }
        throw new InvalidProofException("expected a byte string in a trie node, found a list");
    }

    private static Nibbles.Path pathOf(List<Object> leafOrExtension) {
        try {
            return Nibbles.decodeHexPrefix(asBytes(leafOrExtension.get(0)));
        } catch (InvalidProofException e) {
            throw e;
        } catch (MalformedDataException e) {
            throw new InvalidProofException("malformed path in a proof node: " + e.getMessage(), e);
        }
    }

    private static List<Object> decodeNode(Bytes encoded) {
        try {
            return RlpFields.decodeList(encoded, "proof node", RlpFields::readItems);
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException("malformed proof node: " + e.getMessage(), e);
        }
    }
}
