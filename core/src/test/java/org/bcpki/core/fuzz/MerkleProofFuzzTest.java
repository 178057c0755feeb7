package org.bcpki.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.trie.AccountState;
import org.bcpki.core.trie.InvalidProofException;
import org.bcpki.core.trie.MerklePatriciaTrie;
import org.bcpki.core.trie.MerkleProof;
import org.bcpki.core.trie.StateProofs;

/**
 * Merkle-Patricia proof verification ({@link MerkleProof}, {@link StateProofs}). Input: a fixture
 * trie, a key (present, or any bytes) and a list of edits to the key's valid proof (flip, drop,
 * duplicate, swap, splice in another node of the trie, truncate, extend, replace). Properties: the
 * valid proof yields what the trie holds (or proves absence); an edited proof is either refused
 * with {@link InvalidProofException} or yields exactly the same result. Fixture 0 instead takes
 * raw nodes from the input under the root they hash to, which reaches every parsing branch
 * (embedded children included); there only {@link InvalidProofException} may escape.
 */
class MerkleProofFuzzTest {
    private enum Kind { RAW, ACCOUNT, STORAGE }

    /**
     * A trie, its root, what it holds (by the key the caller passes), the proof of each present
     * key and every node of those proofs. (Root and proofs are kept: the trie re-encodes whole
     * subtrees for each, which would dominate the fuzzing time.)
     */
    private record Fixture(Kind kind, MerklePatriciaTrie trie, Bytes32 root, Map<Bytes, Object> contents,
            Map<Bytes, List<Bytes>> proofs, List<Bytes> nodes) {
        static Fixture of(Kind kind, MerklePatriciaTrie trie, Map<Bytes, Object> contents) {
            Map<Bytes, List<Bytes>> proofs = new LinkedHashMap<>();
            Set<Bytes> nodes = new LinkedHashSet<>();
            for (Bytes key : contents.keySet()) {
                List<Bytes> proof = flat(trie.proof(kind == Kind.RAW ? key : keccak(key)));
                proofs.put(key, proof);
                nodes.addAll(proof);
            }
            return new Fixture(kind, trie, trie.rootHash(), contents, proofs, List.copyOf(nodes));
        }

        List<Bytes> proof(Bytes key) {
            List<Bytes> known = proofs.get(key);
            return new ArrayList<>(known != null ? known : flat(trie.proof(kind == Kind.RAW ? key : keccak(key))));
        }

        Object expected(Bytes key) {
            Object value = contents.get(key);
            return kind == Kind.STORAGE ? (value == null ? Bytes32.ZERO : value) : Optional.ofNullable(value);
        }

        Object verify(Bytes key, List<Bytes> proof) {
            return switch (kind) {
                case RAW -> MerkleProof.verify(root, key, proof);
                case ACCOUNT -> StateProofs.account(root, key, proof);
                case STORAGE -> StateProofs.storage(root, Bytes32.wrap(key), proof);
            };
        }
    }

    private static final List<Fixture> FIXTURES = List.of(
            raw(words()), raw(ordered()), raw(hashedShortValues()), accounts(), storage());

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void onlyValidProofsAreAcceptedAndTheyYieldWhatTheTrieHolds(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int choice = in.next() % (FIXTURES.size() + 1);
        if (choice == 0) {
            rawNodes(in);
            return;
        }
        Fixture fixture = FIXTURES.get(choice - 1);
        Bytes key = key(fixture, in);
        Object expected = fixture.expected(key);
        List<Bytes> proof = fixture.proof(key);
        assertEquals(expected, fixture.verify(key, proof), "the valid proof");
        for (int edits = 0; in.hasMore() && edits < 8; edits++) {
            edit(proof, fixture.nodes(), in);
        }
        Object result;
        try {
            result = fixture.verify(key, proof);
        } catch (InvalidProofException refused) {
            return;
        }
        assertEquals(expected, result, "an edited proof was accepted with another result");
    }

    private static void rawNodes(FuzzInput in) {
        List<Bytes> proof = new ArrayList<>();
        for (int n = in.next() % 5; n > 0; n--) {
            proof.add(in.bytes(in.next16() % 700));
        }
        Bytes key = in.bytes(in.next() % 40);
        Bytes32 root = proof.isEmpty() ? MerklePatriciaTrie.EMPTY_ROOT : Bytes32.wrap(Keccak.keccak256(proof.get(0).toArrayUnsafe()));
        try {
            MerkleProof.verify(root, key, proof);
        } catch (InvalidProofException refused) {
            // the only allowed failure
        }
    }

    /** A present key (first byte below 0xc0), else a key made of input bytes. */
    private static Bytes key(Fixture fixture, FuzzInput in) {
        int selector = in.next();
        if (selector < 0xc0) {
            List<Bytes> keys = new ArrayList<>(fixture.contents().keySet());
            return keys.get(selector % keys.size());
        }
        return switch (fixture.kind()) {
            case RAW -> in.bytes(selector & 0x3f);
            case ACCOUNT -> Bytes.concatenate(in.bytes(20), Bytes.wrap(new byte[20])).slice(0, 20);
            case STORAGE -> Bytes32.leftPad(in.bytes(32));
        };
    }

    private static void edit(List<Bytes> proof, List<Bytes> pool, FuzzInput in) {
        int op = in.next() % 8;
        if (proof.isEmpty() && op != 4 && op != 7) {
            return;
        }
        int i = proof.isEmpty() ? 0 : in.next() % proof.size();
        switch (op) {
            case 0 -> {
                Bytes node = proof.get(i);
                if (!node.isEmpty()) {
                    byte[] changed = node.toArray();
                    changed[in.next16() % changed.length] ^= (byte) (in.next() | 1);
                    proof.set(i, Bytes.wrap(changed));
                }
            }
            case 1 -> proof.remove(i);
            case 2 -> proof.add(in.next() % (proof.size() + 1), proof.get(i));
            case 3 -> {
                int j = in.next() % proof.size();
                Bytes node = proof.get(i);
                proof.set(i, proof.get(j));
                proof.set(j, node);
            }
            case 4 -> proof.add(in.next() % (proof.size() + 1), pool.get(in.next16() % pool.size()));
            case 5 -> proof.set(i, proof.get(i).slice(0, in.next16() % Math.max(1, proof.get(i).size())));
            case 6 -> proof.set(i, Bytes.concatenate(proof.get(i), in.bytes(in.next() % 8 + 1)));
            case 7 -> {
                Bytes node = in.bytes(in.next16() % 700);
                if (proof.isEmpty()) {
                    proof.add(node);
                } else {
                    proof.set(i, node);
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    // ---- fixtures ----

    /** Variable-length keys that are prefixes of each other (values in branches), short values (embedded nodes). */
    private static Map<Bytes, Bytes> words() {
        Map<Bytes, Bytes> m = new LinkedHashMap<>();
        for (String[] kv : new String[][] {{"do", "verb"}, {"dog", "puppy"}, {"doge", "coin"}, {"horse", "stallion"},
                {"dogglesworth", "cat"}, {"be", "e"}, {"bed", "d"}, {"a", "x".repeat(40)}, {"ab", "y"}}) {
            m.put(utf8(kv[0]), utf8(kv[1]));
        }
        return m;
    }

    /** The shape of a block's transactions trie: rlp(index) keys. */
    private static Map<Bytes, Bytes> ordered() {
        Map<Bytes, Bytes> m = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            long index = i;
            Bytes hash = keccak(Bytes.ofUnsignedInt(i));
            m.put(RLP.encode(w -> w.writeLong(index)), Bytes.concatenate(hash, hash).slice(0, 1 + i % 40));
        }
        return m;
    }

    /** A secure-trie shape: hashed keys, one-byte values. */
    private static Map<Bytes, Bytes> hashedShortValues() {
        Map<Bytes, Bytes> m = new LinkedHashMap<>();
        for (int i = 0; i < 64; i++) {
            m.put(keccak(Bytes.ofUnsignedInt(i)), Bytes.of(i + 1));
        }
        return m;
    }

    private static Fixture raw(Map<Bytes, Bytes> entries) {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        entries.forEach(trie::put);
        return Fixture.of(Kind.RAW, trie, new LinkedHashMap<>(entries));
    }

    private static Fixture accounts() {
        Map<Bytes, Object> accounts = new LinkedHashMap<>();
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        for (int i = 0; i < 12; i++) {
            Bytes address = keccak(Bytes.ofUnsignedInt(1000 + i)).slice(12);
            AccountState account = new AccountState(i, BigInteger.TEN.pow(i), i % 3 == 0 ? MerklePatriciaTrie.EMPTY_ROOT
                    : Bytes32.wrap(keccak(address)), AccountState.EMPTY_CODE_HASH);
            accounts.put(address, account);
            trie.put(keccak(address), account.encode());
        }
        return Fixture.of(Kind.ACCOUNT, trie, accounts);
    }

    private static Fixture storage() {
        Map<Bytes, Object> slots = new LinkedHashMap<>();
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        for (int i = 0; i < 20; i++) {
            Bytes32 slot = Bytes32.leftPad(Bytes.ofUnsignedInt(i));
            Bytes32 value = Bytes32.leftPad(keccak(slot).slice(0, 1 + i));
            Bytes minimal = value.trimLeadingZeros();
            if (minimal.isEmpty()) {
                continue;
            }
            slots.put(slot, value);
            trie.put(keccak(slot), RLP.encodeValue(minimal));
        }
        return Fixture.of(Kind.STORAGE, trie, slots);
    }

    /**
     * Copies of the nodes in plain arrays, as they arrive from a peer or JSON-RPC. Tuweni's RLP
     * writer returns ConcatenatedBytes, whose slice() (2.7.2) miscounts slices that span three or
     * more parts, so slicing the encoder's output in {@link #edit} would test Tuweni, not the verifier.
     */
    private static List<Bytes> flat(List<Bytes> nodes) {
        return new ArrayList<>(nodes.stream().map(n -> Bytes.wrap(n.toArray())).toList());
    }

    private static Bytes utf8(String s) {
        return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Bytes keccak(Bytes data) {
        return Bytes.wrap(Keccak.keccak256(data.toArrayUnsafe()));
    }
}
