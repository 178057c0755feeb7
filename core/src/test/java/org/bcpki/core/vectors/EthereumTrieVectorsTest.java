package org.bcpki.core.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.trie.MerklePatriciaTrie;
import org.bcpki.core.trie.MerkleProof;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ethereum/tests TrieTests against core's {@link MerklePatriciaTrie} and {@link MerkleProof}. The
 * project's trie has no deletion (it only builds block and fixture tries), so each vector's updates
 * are applied to a map first (a null or empty value deletes, as in go-ethereum) and the trie is
 * built from what remains; a Merkle-Patricia root depends only on the final contents, so it must
 * still be the vector's root, whatever the insertion order.
 */
class EthereumTrieVectorsTest {
    record Vector(String file, String name, Set<Bytes> touchedKeys, Map<Bytes, Bytes> contents, Bytes32 root) {
        @Override
        public String toString() {
            return file + " " + name;
        }
    }

    static Stream<Vector> vectors() {
        return Stream.of("trietest.json", "trieanyorder.json", "trietest_secureTrie.json",
                        "trieanyorder_secureTrie.json", "hex_encoded_securetrie_test.json")
                .flatMap(file -> EthereumTestVectors.tests("TrieTests/" + file)
                        .map(t -> vector(file, t.getKey(), t.getValue())));
    }

    private static Vector vector(String file, String name, JsonNode test) {
        boolean secure = file.toLowerCase().contains("securetrie");
        List<Map.Entry<String, JsonNode>> updates = new ArrayList<>();
        if (test.get("in").isArray()) {
            test.get("in").forEach(pair -> updates.add(Map.entry(pair.get(0).asText(), pair.get(1))));
        } else {
            updates.addAll(test.get("in").properties());
        }
        Set<Bytes> touched = new LinkedHashSet<>();
        Map<Bytes, Bytes> contents = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> update : updates) {
            Bytes key = EthereumTestVectors.bytes(update.getKey());
            if (secure) {
                key = keccak(key);
            }
            touched.add(key);
            Bytes value = update.getValue().isNull() ? Bytes.EMPTY : EthereumTestVectors.bytes(update.getValue().asText());
            if (value.isEmpty()) {
                contents.remove(key);
            } else {
                contents.put(key, value);
            }
        }
        return new Vector(file, name, touched, contents, Bytes32.fromHexString(test.get("root").asText()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theTrieReachesTheVectorRootInAnyInsertionOrder(Vector vector) {
        List<Map.Entry<Bytes, Bytes>> entries = new ArrayList<>(vector.contents().entrySet());
        assertEquals(vector.root(), build(entries).rootHash(), "insertion in the vector's order");
        assertEquals(vector.root(), build(entries.reversed()).rootHash(), "reversed insertion");
        entries.sort(Map.Entry.comparingByKey(Comparator.comparing(Bytes::toHexString)));
        assertEquals(vector.root(), build(entries).rootHash(), "insertion in key order");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyKeyIsProvenPresentWithItsValueOrProvenAbsent(Vector vector) {
        MerklePatriciaTrie trie = build(new ArrayList<>(vector.contents().entrySet()));
        Set<Bytes> keys = new LinkedHashSet<>(vector.touchedKeys()); // deleted keys must prove absent
        for (Bytes key : vector.touchedKeys()) {
            keys.add(Bytes.concatenate(key, Bytes.of(0))); // extends a key
            if (key.size() > 1) {
                keys.add(key.slice(0, key.size() - 1)); // a prefix of a key
            }
        }
        keys.add(Bytes.EMPTY);
        keys.add(keccak(Bytes.wrap("absent".getBytes())));
        for (Bytes key : keys) {
            assertEquals(Optional.ofNullable(vector.contents().get(key)),
                    MerkleProof.verify(vector.root(), key, trie.proof(key)), "key " + key);
        }
    }

    private static MerklePatriciaTrie build(List<Map.Entry<Bytes, Bytes>> entries) {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        entries.forEach(e -> trie.put(e.getKey(), e.getValue()));
        return trie;
    }

    private static Bytes keccak(Bytes data) {
        return Bytes.wrap(Keccak.keccak256(data.toArrayUnsafe()));
    }
}
