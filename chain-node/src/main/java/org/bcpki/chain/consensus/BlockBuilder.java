package org.bcpki.chain.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.block.ExecutedBlock;
import org.bcpki.chain.exec.EvmTypes;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.chain.tx.TransactionPool;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.chain.Vote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds this validator's candidate blocks (Besu's QbftBlockCreator): a new block from the
 * transaction pool, or a block prepared in an earlier round re-proposed for a later one.
 */
final class BlockBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(BlockBuilder.class);
    private static final int MAX_TRANSACTIONS_PER_BLOCK = 4_000;

    private final Blockchain chain;
    private final TransactionPool pool;
    private final Address me;
    private final long periodMillis;

    BlockBuilder(Blockchain chain, TransactionPool pool, Address me, long periodMillis) {
        this.chain = chain;
        this.pool = pool;
        this.me = me;
        this.periodMillis = periodMillis;
    }

    /** A new block's timestamp: at least one whole-second period after its parent's, and not behind the clock. */
    long timestamp(BlockHeader parent, long nowMillis) {
        return Math.max(parent.timestamp() + periodMillis / 1000, nowMillis / 1000);
    }

    /** Executes the pool's executable transactions on {@code parent} within the build budget; drops those that failed. */
    ExecutedBlock execute(BlockHeader parent, long height, long timestamp) {
        List<Transaction> candidates = chain.readState(parent.stateRoot(), state -> pool.executable(
                sender -> state.getNonce(EvmTypes.address(sender)).longValueExact(), MAX_TRANSACTIONS_PER_BLOCK));
        List<Transaction> rejected = new ArrayList<>();
        long t0 = System.nanoTime();
        ExecutedBlock executed = chain.build(parent, candidates, chain.env(height, timestamp, me, parent.gasLimit()),
                t0 + buildBudgetNanos(), rejected);
        LOG.debug("built block {} with {} of {} candidates in {} ms", height, executed.transactions().size(),
                candidates.size(), (System.nanoTime() - t0) / 1_000_000);
        if (!rejected.isEmpty()) {
            pool.prune(sender -> 0, rejected);
        }
        return executed;
    }

    /** The unsealed block for {@code executed}, proposed by this validator in {@code round}. */
    CandidateBlock assemble(BlockHeader parent, ExecutedBlock executed, long timestamp, List<Address> validators,
            Optional<Vote> vote, int round) {
        QbftExtraData extra = new QbftExtraData(Bytes.wrap(new byte[QbftExtraData.VANITY_SIZE]), validators, vote,
                round, List.of());
        Block block = new Block(chain.proposalHeader(parent, executed, me, timestamp, extra), executed.transactions());
        return new CandidateBlock(block, executed);
    }

    /** {@code prepared} with its extraData round set to {@code round}, re-executed; empty if it no longer verifies. */
    Optional<CandidateBlock> repropose(Block prepared, int round) {
        QbftExtraData extra = QbftExtraDataCodec.decode(prepared.header().extraData()).withRound(round);
        Block block = new Block(prepared.header().withExtraData(QbftExtraDataCodec.encode(extra)), prepared.transactions());
        var verification = chain.verifyContent(block, false);
        if (!verification.ok()) {
            LOG.warn("cannot re-propose the prepared block: {}", verification.problem());
            return Optional.empty();
        }
        return Optional.of(new CandidateBlock(block, verification.executed()));
    }

    /**
     * Every validator re-executes the block within the round, on shared cores: keep building to a
     * fifth of the block period (at least 50 ms) so verification fits the round timeout.
     */
    private long buildBudgetNanos() {
        return Math.max(50, periodMillis / 5) * 1_000_000L;
    }
}
