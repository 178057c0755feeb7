package org.bcpki.core.trie;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPWriter;
import org.bcpki.core.crypto.Keccak;

/**
 * An in-memory Ethereum Merkle-Patricia trie for building roots and proofs (block transaction and
 * receipt roots, test fixtures). Keys are used as given: hash them first for a "secure" trie.
 * Not thread-safe.
 */
public final class MerklePatriciaTrie {
    /** keccak256(rlp("")): the root of the empty trie. */
    public static final Bytes32 EMPTY_ROOT =
            Bytes32.fromHexString("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

    private sealed interface Node permits Leaf, Extension, Branch {}

    private record Leaf(byte[] path, Bytes value) implements Node {}

    private record Extension(byte[] path, Node child) implements Node {}

    private record Branch(Node[] children, Bytes value) implements Node {}

    private Node root; // null when empty

    public void put(Bytes key, Bytes value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("trie values must not be empty (deletion is not supported)");
        }
        root = insert(root, Nibbles.of(key), 0, value);
    }

    /** The root of a trie mapping rlp(i) to values[i]: Ethereum's transactions and receipts roots. */
    public static Bytes32 orderedRoot(List<Bytes> values) {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        for (int i = 0; i < values.size(); i++) {
            final long index = i;
            trie.put(RLP.encode(writer -> writer.writeLong(index)), values.get(i));
        }
        return trie.rootHash();
    }

    public Bytes32 rootHash() {
        return root == null ? EMPTY_ROOT : Bytes32.wrap(Keccak.keccak256(encode(root).toArrayUnsafe()));
    }

    /**
     * The EIP-1186 proof for a key: the RLP of every node on its path that is referenced by hash,
     * from the root. Proves presence or absence.
     */
    public List<Bytes> proof(Bytes key) {
        List<Bytes> proof = new ArrayList<>();
        byte[] path = Nibbles.of(key);
        Node node = root;
        int at = 0;
        boolean referencedByHash = true; // the root always is
        while (node != null) {
            Bytes encoded = encode(node);
            if (referencedByHash || encoded.size() >= 32) {
                proof.add(encoded);
            }
            referencedByHash = false;
            switch (node) {
                case Leaf leaf -> node = null;
                case Extension extension -> {
                    int common = Nibbles.commonPrefix(path, at, extension.path());
                    if (common < extension.path().length) {
                        node = null;
                    } else {
                        at += common;
                        node = extension.child();
                    }
                }
                case Branch branch -> node = at == path.length ? null : branch.children()[path[at++]];
            }
        }
        return proof;
    }

    private static Node insert(Node node, byte[] key, int at, Bytes value) {
        byte[] rest = Arrays.copyOfRange(key, at, key.length);
        return switch (node) {
            case null -> new Leaf(rest, value);
            case Leaf leaf -> {
                if (Arrays.equals(leaf.path(), rest)) {
                    yield new Leaf(rest, value);
                }
                yield split(leaf.path(), leaf, rest, value);
            }
            case Extension extension -> {
                int common = Nibbles.commonPrefix(rest, 0, extension.path());
                if (common == extension.path().length) {
                    yield new Extension(extension.path(), insert(extension.child(), key, at + common, value));
                }
                yield split(extension.path(), extension, rest, value);
            }
            case Branch branch -> {
                if (rest.length == 0) {
                    yield new Branch(branch.children(), value);
                }
                Node[] children = branch.children().clone();
                children[rest[0]] = insert(children[rest[0]], key, at + 1, value);
                yield new Branch(children, branch.value());
            }
        };
    }

    /** Replaces a leaf or extension whose path diverges from {@code rest} by a branch (under a shared prefix). */
    private static Node split(byte[] existingPath, Node existing, byte[] rest, Bytes value) {
        int common = Nibbles.commonPrefix(rest, 0, existingPath);
        Node[] children = new Node[16];
        Bytes branchValue = null;

        byte[] existingRest = Arrays.copyOfRange(existingPath, common, existingPath.length);
        if (existingRest.length == 0) {
            branchValue = ((Leaf) existing).value(); // an extension never ends where a new key continues
        } else {
            byte[] tail = Arrays.copyOfRange(existingRest, 1, existingRest.length);
            children[existingRest[0]] = switch (existing) {
                case Leaf leaf -> new Leaf(tail, leaf.value());
                case Extension extension -> tail.length == 0 ? extension.child() : new Extension(tail, extension.child());
                case Branch branch -> throw new IllegalStateException("branches are not split");
            };
        }
        byte[] newRest = Arrays.copyOfRange(rest, common, rest.length);
        if (newRest.length == 0) {
            branchValue = value;
        } else {
            children[newRest[0]] = new Leaf(Arrays.copyOfRange(newRest, 1, newRest.length), value);
        }
        Node branch = new Branch(children, branchValue);
        return common == 0 ? branch : new Extension(Arrays.copyOf(rest, common), branch);
    }

    private static Bytes encode(Node node) {
        return switch (node) {
            case Leaf leaf -> RLP.encodeList(w -> {
                w.writeValue(Nibbles.hexPrefix(leaf.path(), true));
                w.writeValue(leaf.value());
            });
            case Extension extension -> RLP.encodeList(w -> {
                w.writeValue(Nibbles.hexPrefix(extension.path(), false));
                writeReference(w, extension.child());
            });
            case Branch branch -> RLP.encodeList(w -> {
                for (Node child : branch.children()) {
                    if (child == null) {
                        w.writeValue(Bytes.EMPTY);
                    } else {
                        writeReference(w, child);
                    }
                }
                w.writeValue(branch.value() == null ? Bytes.EMPTY : branch.value());
            });
        };
    }

    /** Children whose RLP is shorter than 32 bytes are embedded; longer ones are referenced by hash. */
    private static void writeReference(RLPWriter writer, Node child) {
        Bytes encoded = encode(child);
        if (encoded.size() < 32) {
            writer.writeRLP(encoded);
        } else {
            writer.writeValue(Bytes.wrap(Keccak.keccak256(encoded.toArrayUnsafe())));
        }
    }
}
