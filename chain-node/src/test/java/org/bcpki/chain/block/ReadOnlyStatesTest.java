package org.bcpki.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.horizen.evm.LevelDBDatabase;
import io.horizen.evm.StateDB;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.exec.EvmTypes;
import org.bcpki.core.trie.MerklePatriciaTrie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pooled read-only states answer exactly as a freshly opened state does, from many threads and roots at once. */
class ReadOnlyStatesTest {
    private static final Bytes CONTRACT = Bytes.fromHexString("0x00000000000000000000000000000000000000cc");

    @TempDir
    Path dir;

    @Test
    void pooledHandlesAnswerAsFreshOnesFromManyThreadsAndRoots() throws Exception {
        LevelDBDatabase db = new LevelDBDatabase(dir.resolve("state").toString());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (ReadOnlyStates pool = new ReadOnlyStates(db)) {
            // six roots, each with one more slot than the last: more roots than the pool keeps
            List<Bytes32> roots = new ArrayList<>();
            Bytes32 root = MerklePatriciaTrie.EMPTY_ROOT;
            for (int r = 0; r < 6; r++) {
                try (StateDB s = new StateDB(db, EvmTypes.hash(root))) {
                    s.setNonce(EvmTypes.address(CONTRACT), BigInteger.ONE);
                    s.setStorage(EvmTypes.address(CONTRACT), slot(r), EvmTypes.hash(Bytes32.leftPad(Bytes.ofUnsignedInt(r + 100))));
                    s.finalizeChanges();
                    root = EvmTypes.bytes32(s.commit());
                }
                roots.add(root);
            }
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        int r = (seed * 7 + i) % roots.size();
                        int s = i % 6;
                        Bytes32 at = roots.get(r);
                        String pooled = pool.read(at, st -> proof(st, at, s));
                        String fresh;
                        try (StateDB st = new StateDB(db, EvmTypes.hash(at))) {
                            fresh = proof(st, at, s);
                        }
                        assertEquals(fresh, pooled, "root " + r + " slot " + s);
                        assertEquals(s <= r, pooled.contains("value=" + (s + 100)), "slot " + s + " at root " + r);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
            db.close();
        }
    }

    @Test
    void aFailedReaderDoesNotPoisonThePool() throws Exception {
        LevelDBDatabase db = new LevelDBDatabase(dir.resolve("state").toString());
        try (ReadOnlyStates pool = new ReadOnlyStates(db)) {
            Bytes32 root = MerklePatriciaTrie.EMPTY_ROOT;
            try {
                pool.read(root, s -> {
                    throw new IllegalStateException("reader failed");
                });
            } catch (IllegalStateException expected) {
                assertTrue(expected.getMessage().contains("reader failed"));
            }
            assertEquals(BigInteger.ZERO, pool.read(root, s -> s.getNonce(EvmTypes.address(CONTRACT))));
        } finally {
            db.close();
        }
    }

    private static io.horizen.evm.Hash slot(int i) {
        return EvmTypes.hash(Bytes32.leftPad(Bytes.ofUnsignedInt(i + 1)));
    }

    private static String proof(StateDB state, Bytes32 root, int s) {
        var p = state.getProof(EvmTypes.address(CONTRACT), EvmTypes.hash(root), new io.horizen.evm.Hash[] {slot(s)});
        return Arrays.toString(p.accountProof) + " storageHash=" + p.storageHash + " value="
                + p.storageProof[0].value + " " + Arrays.toString(p.storageProof[0].proof);
    }
}
