package org.bcpki.mirror.trust;

import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;

/** A verified block a decision can rest on: its number, hash, state root and time. */
public record BlockRef(long number, Bytes32 hash, Bytes32 stateRoot, long timestamp) {
    public static BlockRef of(BlockHeader header) {
        return new BlockRef(header.number(), BftHashing.blockHash(header), header.stateRoot(), header.timestamp());
    }
}
