package org.bcpki.chain.consensus;

import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.block.ExecutedBlock;

/** A proposed block with the result of executing it, kept so a commit can append it without re-running it. */
record CandidateBlock(Block block, ExecutedBlock executed) {
    Bytes32 hash() {
        return block.hash();
    }
}
