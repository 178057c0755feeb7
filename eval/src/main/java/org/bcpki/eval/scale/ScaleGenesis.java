package org.bcpki.eval.scale;

import java.nio.file.Path;
import org.bcpki.chain.network.NetworkSpec;

/** Writes a network directory whose genesis holds an N-record registry (chain-node's fixture). */
final class ScaleGenesis {
    private ScaleGenesis() {}

    record Written(NetworkSpec spec, String registry, ScaleSubjects subjects) {}

    static Written write(NetworkSpec spec, Path dir, long n, double revokedPercent, long seed, int perKind) {
        throw new IllegalStateException("eval scale needs chain-node's registry fixture (branch s15-fixture), not merged yet");
    }
}
