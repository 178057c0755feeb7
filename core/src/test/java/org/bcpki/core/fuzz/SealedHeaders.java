package org.bcpki.core.fuzz;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.CommitSeals;
import org.bcpki.core.chain.QbftTestChain;
import org.bcpki.core.chain.ValidationContext;
import org.bcpki.core.chain.Vote;

/**
 * The header fuzz targets' fixture and oracle: a small deterministic QBFT chain (one validator,
 * so every block carries one seal and fuzzing stays fast; its votes change nothing), with
 * London (16-field) blocks as mined plus pre-London (15) and Shanghai (17) variants sealed by the
 * same committers. Every digest this fixture ever sealed is recorded: a header that validates
 * against its parent must carry one of them, since the fuzzer cannot forge a seal.
 */
final class SealedHeaders {
    /** What a header at a given height is validated against. */
    record Height(BlockHeader parent, ValidationContext context) {}

    static final List<BlockHeader> HEADERS = new ArrayList<>();
    static final Map<Long, Height> HEIGHTS = new HashMap<>();
    static final Set<Bytes32> SEALED_DIGESTS = new HashSet<>();
    static final Set<Bytes32> SEALED_BLOCK_HASHES = new HashSet<>();

    static {
        QbftTestChain chain = QbftTestChain.create(1);
        List<Optional<Vote>> votes = List.of(Optional.empty(), Optional.of(Vote.add(QbftTestChain.key(0).address())),
                Optional.empty(), Optional.of(Vote.remove(QbftTestChain.key(5).address())), Optional.empty());
        for (int i = 0; i < votes.size(); i++) {
            HEIGHTS.put(chain.head().number() + 1, new Height(chain.head(), chain.nextContext()));
            var proposer = chain.validatorKeys().get(i % chain.validatorKeys().size());
            BlockHeader unsealed = chain.unsealedNext(proposer, votes.get(i), i == 2 ? 3 : 0);
            seal(chain, unsealed.toBuilder().baseFee(null).build());
            seal(chain, unsealed.toBuilder().baseFee(BigInteger.valueOf(7)).withdrawalsRoot(BlockHeader.EMPTY_TRIE_ROOT).build());
            chain.append(seal(chain, unsealed));
        }
    }

    private SealedHeaders() {}

    private static BlockHeader seal(QbftTestChain chain, BlockHeader unsealed) {
        BlockHeader sealed = CommitSeals.seal(unsealed, chain.validatorKeys());
        HEADERS.add(sealed);
        SEALED_DIGESTS.add(BftHashing.sealDigest(sealed));
        SEALED_BLOCK_HASHES.add(BftHashing.blockHash(sealed));
        return sealed;
    }
}
