package org.bcpki.chain.consensus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.block.ExecutedBlock;
import org.bcpki.chain.consensus.QbftMessage.Commit;
import org.bcpki.chain.consensus.QbftMessage.PreparedCertificate;
import org.bcpki.chain.consensus.QbftMessage.Prepare;
import org.bcpki.chain.consensus.QbftMessage.Proposal;
import org.bcpki.chain.consensus.QbftMessage.RoundChange;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.NodeKey;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.chain.Quorum;
import org.bcpki.core.chain.Vote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One height of one validator's QBFT state machine (Besu's QbftBlockHeightManager with its
 * rounds): the current round and its timers, each round's {@link RoundState}, the round changes,
 * and what this validator sends in reply to each message. The engine makes one per height and
 * stops it when the head moves; it runs on the engine's consensus thread only, so it has no locks.
 *
 * <p>A validator prepares at most one block per round (the first valid proposal from that round's
 * proposer) and commits only after a quorum of prepares for that block in its current round; the
 * rules that keep a possibly committed block across rounds are {@link ProposalValidator}'s.
 */
final class HeightManager {
    private static final Logger LOG = LoggerFactory.getLogger(HeightManager.class);

    /** What a height asks of its engine. */
    interface Engine {
        /** Signs {@code message} and sends it to {@code validators} other than this one. */
        SignedMessage send(QbftMessage message, List<Address> validators);

        /** Runs {@code task} on the consensus thread after {@code delayMillis}. */
        ScheduledFuture<?> schedule(Runnable task, long delayMillis);

        /** The first vote proposal that would change {@code validators}. */
        Optional<Vote> vote(List<Address> validators);

        /** This validator entered {@code round} (metrics). */
        void enteredRound(int round);

        /** {@code block} was finalised and appended: move to the next height. */
        void finalised(Block block);
    }

    /** What stays the same from height to height. */
    record Context(NodeKey key, Blockchain chain, BlockBuilder builder, PreparedLock lock, long periodMillis,
            long requestTimeoutMillis, Engine engine) {}

    private final Context ctx;
    private final Address me;
    private final Blockchain chain;
    private final Engine engine;
    private final long height;
    private final List<Address> validators;
    private final int quorum;
    private final long headArrivalMillis;

    private volatile int round;
    private final Map<Integer, RoundState> rounds = new HashMap<>();
    private final RoundChangeManager roundChanges = new RoundChangeManager();
    private Optional<PreparedCertificate> prepared;
    private ScheduledFuture<?> roundTimer;
    private ScheduledFuture<?> blockTimer;
    private boolean stopped;

    /** {@code validators} for {@code height}, sorted; {@code headArrivalMillis} when the parent arrived. */
    HeightManager(Context ctx, long height, List<Address> validators, long headArrivalMillis) {
        this.ctx = ctx;
        this.me = ctx.key().address();
        this.chain = ctx.chain();
        this.engine = ctx.engine();
        this.height = height;
        this.validators = validators;
        this.quorum = Quorum.of(validators.size());
        this.headArrivalMillis = headArrivalMillis;
        // after a restart mid-height, keep reporting the block this validator prepared before
        this.prepared = ctx.lock().load(height).filter(c -> validator().checkCertificate(c, Integer.MAX_VALUE).isEmpty());
    }

    long height() {
        return height;
    }

    int round() {
        return round;
    }

    boolean isValidator(Address address) {
        return validators.contains(address);
    }

    /** This validator takes part in this height. */
    boolean active() {
        return validators.contains(me);
    }

    void start() {
        startRound(0);
    }

    /** The height is over: its timers stop and later calls do nothing. */
    void stop() {
        stopped = true;
        cancelTimers();
    }

    /** A message for this height from one of its validators. */
    void handle(QbftMessage m, Address sender, SignedMessage message) {
        if (stopped) {
            return;
        }
        switch (m) {
            case Proposal p -> onProposal(p, sender);
            case Prepare p -> onPrepare(p, sender, message);
            case Commit c -> onCommit(c, sender);
            case RoundChange rc -> onRoundChange(rc, sender, message);
        }
    }

    /** The rules against this node's current head (which may move before the engine starts the next height). */
    private ProposalValidator validator() {
        return new ProposalValidator(height, chain.head(), validators);
    }

    private RoundState roundState(int r) {
        return rounds.computeIfAbsent(r, RoundState::new);
    }

    // ---- rounds and timers ----

    private void startRound(int newRound) {
        round = newRound;
        engine.enteredRound(newRound);
        cancelTimers();
        long expected = newRound == 0 ? Math.max(0, nextBlockDueMillis() - System.currentTimeMillis()) : 0;
        long timeout = expected + ctx.requestTimeoutMillis() * (1L << Math.min(newRound, 10));
        roundTimer = schedule(() -> onRoundTimeout(newRound), timeout);
        if (newRound == 0 && me.equals(validator().proposer(0))) {
            blockTimer = schedule(() -> proposeNewBlock(0, List.of()), expected);
        }
    }

    /**
     * When the next block is due. Whole-second periods follow Besu: the parent's timestamp plus the
     * period, on the wall clock, so blocks come exactly one period apart however long consensus
     * took. Sub-second periods (no sub-second timestamps exist) count from the parent's arrival.
     */
    private long nextBlockDueMillis() {
        long periodMillis = ctx.periodMillis();
        if (periodMillis % 1000 == 0) {
            return (chain.head().timestamp() + periodMillis / 1000) * 1000;
        }
        return headArrivalMillis + periodMillis;
    }

    private ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return engine.schedule(() -> {
            if (!stopped) {
                task.run();
            }
        }, delayMillis);
    }

    private void cancelTimers() {
        if (roundTimer != null) {
            roundTimer.cancel(false);
        }
        if (blockTimer != null) {
            blockTimer.cancel(false);
        }
    }

    private void onRoundTimeout(int forRound) {
        if (forRound != round) {
            return;
        }
        LOG.info("height {} round {} timed out; moving to round {}", height, round, round + 1);
        moveToRound(round + 1);
    }

    /** Enters {@code newRound} and tells the validators, with this node's prepared certificate. */
    private void moveToRound(int newRound) {
        startRound(newRound);
        broadcast(new RoundChange(height, newRound, prepared));
    }

    // ---- proposing ----

    private void proposeNewBlock(int forRound, List<SignedMessage> justification) {
        if (forRound != round || roundState(forRound).proposed()) {
            return;
        }
        BlockHeader parent = chain.head();
        long timestamp = ctx.builder().timestamp(parent, System.currentTimeMillis());
        ExecutedBlock executed = ctx.builder().execute(parent, height, timestamp);
        if (forRound == 0 && executed.transactions().isEmpty() && holdEmptyBlock(parent)) {
            return;
        }
        CandidateBlock block = ctx.builder().assemble(parent, executed, timestamp, validators, engine.vote(validators), forRound);
        sendProposal(block, forRound, justification);
    }

    /**
     * Besu's emptyblockperiodseconds: a round-0 proposer whose block would be empty proposes nothing
     * until the parent's timestamp plus the empty period has passed; it builds again every block
     * period meanwhile (so a transaction gets in within one period) and stops its own round timer.
     * The other validators' round timers run as usual, as in Besu (see chain-node/README.md).
     *
     * @return true when the empty block is held back (the block timer is set to try again)
     */
    private boolean holdEmptyBlock(BlockHeader parent) {
        long emptyPeriodSeconds = chain.genesis().emptyBlockPeriodSeconds();
        long now = System.currentTimeMillis();
        long emptyExpiry = (parent.timestamp() + emptyPeriodSeconds) * 1000;
        if (emptyPeriodSeconds <= 0 || now >= emptyExpiry) {
            return false;
        }
        long retry = Math.min(emptyExpiry, now + ctx.periodMillis());
        if (roundTimer != null) {
            roundTimer.cancel(false);
        }
        blockTimer = schedule(() -> {
            if (round == 0) {
                // as Besu's new round at block-timer expiry: the round timer runs again from here
                roundTimer = schedule(() -> onRoundTimeout(0), ctx.requestTimeoutMillis());
            }
            proposeNewBlock(0, List.of());
        }, retry - now);
        LOG.trace("block {} would be empty; holding it until {}", height, retry);
        return true;
    }

    private void proposeForNewRound(List<SignedMessage> justification) {
        List<RoundChange> changes = justification.stream().map(m -> (RoundChange) QbftCodec.decode(m.payload())).toList();
        Optional<PreparedCertificate> best = ProposalValidator.highestPrepared(changes);
        if (best.isEmpty()) {
            proposeNewBlock(round, justification);
            return;
        }
        int r = round;
        ctx.builder().repropose(best.get().block(), r).ifPresent(block -> sendProposal(block, r, justification));
    }

    private void sendProposal(CandidateBlock block, int forRound, List<SignedMessage> justification) {
        roundState(forRound).markProposed();
        LOG.debug("proposing block {} round {} with {} transactions", block.block().number(), forRound,
                block.block().transactions().size());
        engine.send(new Proposal(height, forRound, block.block(), justification), validators);
        accept(block);
    }

    // ---- incoming messages ----

    private void onProposal(Proposal p, Address sender) {
        RoundState state = rounds.get(p.round());
        if (state != null && state.accepted().isPresent()) {
            return;
        }
        ProposalValidator validator = validator();
        Optional<String> ignored = validator.checkOrigin(p, sender, round);
        if (ignored.isPresent()) {
            LOG.debug("ignored proposal for height {} round {}: {}", height, p.round(), ignored.get());
            return;
        }
        Optional<String> problem = validator.checkProposal(p);
        if (problem.isPresent()) {
            LOG.warn("rejected proposal for height {} round {} from {}: {}", height, p.round(), sender, problem.get());
            return;
        }
        long t0 = System.nanoTime();
        var verification = sender.equals(me) ? null : chain.verifyContent(p.block(), false);
        LOG.debug("verified proposal {} with {} transactions in {} ms", height, p.block().transactions().size(),
                (System.nanoTime() - t0) / 1_000_000);
        if (verification != null && !verification.ok()) {
            LOG.warn("rejected proposal for height {} round {} from {}: {}", height, p.round(), sender, verification.problem());
            return;
        }
        if (p.round() > round) {
            startRound(p.round());
        }
        if (verification != null) {
            accept(new CandidateBlock(p.block(), verification.executed()));
        }
    }

    /** Accept the proposal of the current round: prepare it, then see if prepares or commits already suffice. */
    private void accept(CandidateBlock proposal) {
        int r = round;
        roundState(r).accept(proposal);
        broadcast(new Prepare(height, r, proposal.hash()));
        checkPrepared(r);
        checkCommitted(r);
    }

    private void onPrepare(Prepare p, Address sender, SignedMessage message) {
        roundState(p.round()).addPrepare(p.digest(), sender, message);
        checkPrepared(p.round());
    }

    private void checkPrepared(int r) {
        RoundState state = rounds.get(r);
        if (r != round || state == null || state.commitSent()) {
            return;
        }
        Optional<PreparedCertificate> certificate = state.preparedCertificate(quorum);
        if (certificate.isEmpty()) {
            return;
        }
        prepared = certificate;
        ctx.lock().save(height, certificate.get());
        state.markCommitSent();
        Block block = certificate.get().block();
        Bytes seal = ctx.key().sign(BftHashing.sealDigest(block.header()));
        broadcast(new Commit(height, r, block.hash(), seal));
    }

    private void onCommit(Commit c, Address sender) {
        roundState(c.round()).addCommit(c.digest(), sender, c.seal());
        checkCommitted(c.round());
    }

    private void checkCommitted(int r) {
        RoundState state = rounds.get(r);
        if (stopped || state == null || state.accepted().isEmpty()) {
            return;
        }
        List<Bytes> seals = state.commitSeals(quorum);
        if (seals.size() < quorum) {
            return;
        }
        CandidateBlock proposal = state.accepted().get();
        BlockHeader header = proposal.block().header();
        QbftExtraData extra = QbftExtraDataCodec.decode(header.extraData()).withSeals(seals);
        Block block = new Block(header.withExtraData(QbftExtraDataCodec.encode(extra)), proposal.block().transactions());
        if (chain.head().number() + 1 != block.number()) {
            return;
        }
        try {
            chain.append(block, proposal.executed().receipts());
        } catch (IllegalStateException e) {
            LOG.debug("block {} was imported meanwhile", block.number());
            return;
        }
        LOG.debug("finalised block {} in round {} with {} seals", block.number(), r, seals.size());
        stop();
        engine.finalised(block);
    }

    private void onRoundChange(RoundChange rc, Address sender, SignedMessage message) {
        ProposalValidator validator = validator();
        if (validator.checkRoundChangeTarget(rc, round).isPresent()) {
            return; // routine: a late round change for a round this node has left
        }
        Optional<String> problem = validator.checkRoundChange(rc);
        if (problem.isPresent()) {
            LOG.warn("dropped round change from {}: {}", sender, problem.get());
            return;
        }
        int received = roundChanges.add(rc.round(), sender, message);
        int faulty = validators.size() - quorum;
        if (rc.round() > round && received >= faulty + 1) {
            // f+1 validators are already there: at least one honest one timed out, follow it
            moveToRound(rc.round());
        }
        // moving to the round sent this node's own round change, so count again
        if (!stopped && rc.round() == round && roundChanges.count(round) >= quorum && me.equals(validator().proposer(round))
                && !roundState(round).proposed()) {
            proposeForNewRound(roundChanges.forRound(round));
        }
    }

    /** Signs and sends to the other validators, and handles it as this validator's own message. */
    private void broadcast(QbftMessage message) {
        SignedMessage signed = engine.send(message, validators);
        handle(message, me, signed);
    }
}
