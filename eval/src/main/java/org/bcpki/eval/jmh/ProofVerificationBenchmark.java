package org.bcpki.eval.jmh;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.trie.MerkleProof;
import org.bcpki.core.trie.MerklePatriciaTrie;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Verifying one storage-slot proof in a trie of {@code entries} slots (the registry at scale). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProofVerificationBenchmark {
    @Param({"1000", "100000"})
    public int entries;

    private Bytes32 root;
    private Bytes path;
    private List<Bytes> proof;

    @Setup
    public void setUp() {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        for (int i = 0; i < entries; i++) {
            trie.put(slotPath(i), RLP.encodeValue(Bytes.ofUnsignedInt(i + 1)));
        }
        root = trie.rootHash();
        path = slotPath(entries / 2);
        proof = trie.proof(path);
    }

    private static Bytes slotPath(int slot) {
        return Bytes.wrap(Keccak.keccak256(Bytes32.leftPad(Bytes.ofUnsignedInt(slot)).toArrayUnsafe()));
    }

    @Benchmark
    public Optional<Bytes> verify() {
        return MerkleProof.verify(root, path, proof);
    }
}
