package org.bcpki.core.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.Keccak;
import org.junit.jupiter.api.Test;

class MerklePatriciaTrieTest {
    private static Bytes text(String s) {
        return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emptyTrieHasTheWellKnownRoot() {
        assertEquals(Bytes32.wrap(Keccak.keccak256(new byte[] {(byte) 0x80})), MerklePatriciaTrie.EMPTY_ROOT);
        assertEquals(MerklePatriciaTrie.EMPTY_ROOT, new MerklePatriciaTrie().rootHash());
        assertEquals(MerklePatriciaTrie.EMPTY_ROOT, MerklePatriciaTrie.orderedRoot(List.of()));
    }

    @Test
    void matchesEthereumTrieTestVectors() {
        // ethereum/tests TrieTests "puppy" and the "dogglesworth" example.
        MerklePatriciaTrie puppy = new MerklePatriciaTrie();
        puppy.put(text("do"), text("verb"));
        puppy.put(text("horse"), text("stallion"));
        puppy.put(text("doge"), text("coin"));
        puppy.put(text("dog"), text("puppy"));
        assertEquals(Bytes32.fromHexString("0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84"),
                puppy.rootHash());

        MerklePatriciaTrie doggles = new MerklePatriciaTrie();
        doggles.put(text("doe"), text("reindeer"));
        doggles.put(text("dog"), text("puppy"));
        doggles.put(text("dogglesworth"), text("cat"));
        assertEquals(Bytes32.fromHexString("0x8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3"),
                doggles.rootHash());
    }

    @Test
    void insertionOrderDoesNotMatter() {
        List<Bytes[]> entries = randomEntries(200, 11);
        MerklePatriciaTrie forward = new MerklePatriciaTrie();
        entries.forEach(e -> forward.put(e[0], e[1]));
        MerklePatriciaTrie backward = new MerklePatriciaTrie();
        for (int i = entries.size() - 1; i >= 0; i--) {
            backward.put(entries.get(i)[0], entries.get(i)[1]);
        }
        assertEquals(forward.rootHash(), backward.rootHash());
    }

    @Test
    void proofsProvePresenceAndAbsence() {
        List<Bytes[]> entries = randomEntries(300, 5);
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        entries.forEach(e -> trie.put(e[0], e[1]));
        Bytes32 root = trie.rootHash();
        for (Bytes[] entry : entries) {
            assertEquals(Optional.of(entry[1]), MerkleProof.verify(root, entry[0], trie.proof(entry[0])));
        }
        Random random = new Random(99);
        for (int i = 0; i < 200; i++) {
            Bytes missing = Bytes.wrap(Keccak.keccak256(Bytes.ofUnsignedInt(1_000_000 + i).toArrayUnsafe()));
            assertEquals(Optional.empty(), MerkleProof.verify(root, missing, trie.proof(missing)));
        }
    }

    @Test
    void shortKeysWithEmbeddedNodesAndBranchValues() {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        trie.put(Bytes.of(1), Bytes.of(0xaa));
        trie.put(Bytes.of(1, 2), Bytes.of(0xbb));
        trie.put(Bytes.of(1, 3), Bytes.of(0xcc));
        Bytes32 root = trie.rootHash();
        assertEquals(Optional.of(Bytes.of(0xaa)), MerkleProof.verify(root, Bytes.of(1), trie.proof(Bytes.of(1))));
        assertEquals(Optional.of(Bytes.of(0xcc)), MerkleProof.verify(root, Bytes.of(1, 3), trie.proof(Bytes.of(1, 3))));
        assertEquals(Optional.empty(), MerkleProof.verify(root, Bytes.of(1, 4), trie.proof(Bytes.of(1, 4))));
        assertEquals(Optional.empty(), MerkleProof.verify(root, Bytes.of(2), trie.proof(Bytes.of(2))));
    }

    @Test
    void tamperedProofsAreRejectedNeverMisread() {
        List<Bytes[]> entries = randomEntries(100, 3);
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        entries.forEach(e -> trie.put(e[0], e[1]));
        Bytes32 root = trie.rootHash();
        Bytes key = entries.get(17)[0];
        List<Bytes> proof = trie.proof(key);
        Random random = new Random(7);
        int cases = 0;
        for (int node = 0; node < proof.size(); node++) {
            for (int trial = 0; trial < 60; trial++, cases++) {
                List<Bytes> mutated = new ArrayList<>(proof);
                byte[] bytes = mutated.get(node).toArray();
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                mutated.set(node, Bytes.wrap(bytes));
                assertThrows(InvalidProofException.class, () -> MerkleProof.verify(root, key, mutated));
            }
        }
        assertTrue(cases > 60);

        List<Bytes> dropped = new ArrayList<>(proof.subList(0, proof.size() - 1));
        assertThrows(InvalidProofException.class, () -> MerkleProof.verify(root, key, dropped));
        List<Bytes> padded = new ArrayList<>(proof);
        padded.add(proof.get(0));
        assertThrows(InvalidProofException.class, () -> MerkleProof.verify(root, key, padded));
        assertThrows(InvalidProofException.class, () -> MerkleProof.verify(root, key, List.of()));
        assertThrows(InvalidProofException.class, () -> MerkleProof.verify(root, key, List.of(Bytes.of(1, 2, 3))));
        // Another key's valid proof cannot stand in for this key's.
        Bytes other = entries.get(42)[0];
        Optional<Bytes> misread = Optional.empty();
        try {
            misread = MerkleProof.verify(root, key, trie.proof(other));
        } catch (InvalidProofException expected) {
            // fine: rejected
        }
        assertFalse(misread.isPresent() && !misread.get().equals(entries.get(17)[1]));
    }

    private static List<Bytes[]> randomEntries(int count, long seed) {
        Random random = new Random(seed);
        List<Bytes[]> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[1 + random.nextInt(40)];
            random.nextBytes(value);
            value[0] |= 1;
            entries.add(new Bytes[] {Bytes.wrap(Keccak.keccak256(Bytes.ofUnsignedInt(i).toArrayUnsafe())), Bytes.wrap(value)});
        }
        return entries;
    }
}
