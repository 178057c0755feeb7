package org.bcpki.chain.consensus;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.net.SignedMessage;

/** The four QBFT messages. Each travels inside a {@link SignedMessage} from its author. */
public sealed interface QbftMessage {
    long height();

    int round();

    /** A block proposed for (height, round); from round 1 on justified by a quorum of round changes. */
    record Proposal(long height, int round, Block block, List<SignedMessage> roundChanges) implements QbftMessage {}

    record Prepare(long height, int round, Bytes32 digest) implements QbftMessage {}

    /** A commit carries the author's seal over the block's commit-seal digest for this round. */
    record Commit(long height, int round, Bytes32 digest, Bytes seal) implements QbftMessage {}

    /**
     * "Move to {@code round}": optionally with the latest block this validator prepared, its
     * round, and the quorum of signed prepares that prove it.
     */
    record RoundChange(long height, int round, Optional<PreparedCertificate> prepared) implements QbftMessage {}

    /** Proof that a block was prepared in a round: a quorum of signed PREPARE messages for its hash. */
    record PreparedCertificate(int round, Block block, List<SignedMessage> prepares) {}
}
