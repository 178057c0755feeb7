package org.bcpki.core.trie;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.crypto.Keccak;
import org.junit.jupiter.api.Test;

/** Regression tests for what fuzzing MerkleProof (issue #17) found. */
class MerkleProofTest {
    @Test
    void aNodeWithAMalformedHexPrefixPathIsAnInvalidProof() {
        for (Bytes path : List.of(Bytes.of(0x40), Bytes.of(0x01, 0x23), Bytes.EMPTY)) { // flag 4, odd padding, empty
            Bytes node = RLP.encodeList(w -> {
                w.writeValue(path);
                w.writeValue(Bytes.of(7));
            });
            Bytes32 root = Bytes32.wrap(Keccak.keccak256(node.toArray()));
            assertThrows(InvalidProofException.class, () -> MerkleProof.verify(root, Bytes.of(1), List.of(node)));
        }
    }
}
