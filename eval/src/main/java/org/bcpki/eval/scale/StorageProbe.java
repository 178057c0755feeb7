package org.bcpki.eval.scale;

/** Node disk retained per empty block, grant and revocation, and state size (chain-node's RetainedBytes). */
final class StorageProbe {
    private StorageProbe() {}

    static void run(ScaleChain chain, ScalePoint point, int grants) {
        point.notes.add("storage rows not measured: chain-node's RetainedBytes (branch s15-store) is not merged");
    }
}
