package org.bcpki.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.bcpki.core.chain.CommitSeals;
import org.bcpki.core.chain.CommitSealsRule;
import org.bcpki.core.chain.HeaderRule;
import org.bcpki.core.chain.QbftHeaderValidator;

/**
 * Block header RLP (15, 16 and 17 fields) and what is computed from a decoded header. Properties:
 * an accepted header re-encodes to exactly the input; hashing and seal recovery fail only with
 * {@link MalformedDataException}; the standard validator's rules never throw, and a header they
 * accept carries a seal digest and block hash the fixture's committers actually sealed.
 */
class BlockHeaderCodecFuzzTest {
    private static final List<HeaderRule> CHEAP_RULES = QbftHeaderValidator.standard().rules().stream()
            .filter(rule -> !(rule instanceof CommitSealsRule)).toList();

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void decodedHeadersReencodeToTheSameBytes(byte[] input) {
        Bytes bytes = Bytes.wrap(input);
        BlockHeader header;
        try {
            header = BlockHeaderCodec.decode(bytes);
        } catch (MalformedDataException expected) {
            return;
        }
        assertEquals(bytes, BlockHeaderCodec.encode(header));
        assertEquals(header, BlockHeaderCodec.decode(BlockHeaderCodec.encode(header)));
        try {
            BftHashing.blockHash(header);
            BftHashing.sealDigest(header);
        } catch (MalformedDataException expected) {
            return; // extraData that is not QBFT: no height can accept it
        }
        SealedHeaders.Height height = SealedHeaders.HEIGHTS.get(header.number());
        if (height == null) {
            try {
                CommitSeals.signers(header);
            } catch (MalformedDataException expected) {
                // a seal that recovers to no key
            }
        } else if (accepted(header, height)) {
            assertTrue(SealedHeaders.SEALED_DIGESTS.contains(BftHashing.sealDigest(header)),
                    "the validator accepted a header nobody sealed");
            assertTrue(SealedHeaders.SEALED_BLOCK_HASHES.contains(BftHashing.blockHash(header)));
        }
    }

    /** The standard validator's verdict, with the seal recovery (the costly rule) only when the rest pass. */
    private static boolean accepted(BlockHeader header, SealedHeaders.Height height) {
        for (HeaderRule rule : CHEAP_RULES) {
            if (rule.check(header, height.parent(), height.context()).isPresent()) {
                return false;
            }
        }
        return new CommitSealsRule().check(header, height.parent(), height.context()).isEmpty();
    }
}
