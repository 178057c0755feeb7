package org.bcpki.chain.consensus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.block.ExecutedBlock;
import org.bcpki.chain.consensus.QbftMessage.Commit;
import org.bcpki.chain.consensus.QbftMessage.PreparedCertificate;
import org.bcpki.chain.consensus.QbftMessage.Prepare;
import org.bcpki.chain.consensus.QbftMessage.Proposal;
import org.bcpki.chain.consensus.QbftMessage.RoundChange;
import org.bcpki.chain.exec.EvmTypes;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.chain.tx.TransactionPool;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.NodeKey;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.chain.Quorum;
import org.bcpki.core.chain.Secp256k1;
import org.bcpki.core.chain.Vote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One validator's QBFT state machine. All events (messages, timers, new heads) run on one
 * thread, so the state below needs no locks.
 *
 * <p>Safety rests on three rules: a validator prepares at most one block per round (the first
 * valid proposal from that round's proposer); it commits only after a quorum of prepares for that
 * block in its current round; and a proposal for round r > 0 must carry a quorum of round changes
 * for r and, if any of them proves a prepared block, must re-propose the one prepared in the
 * highest round. Any two quorums share an honest validator, so a block that may have been
 * committed is always the one re-proposed.
 */
public final class QbftEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QbftEngine.class);
    private static final int MAX_FUTURE_MESSAGES = 10_000;
    private static final int MAX_TRANSACTIONS_PER_BLOCK = 4_000;

    /** Where the engine's outgoing messages go. */
    public interface Gossip {
        void toValidators(SignedMessage message, List<Address> validators);

        void newBlock(Block block);
    }

    private record Accepted(Block block, ExecutedBlock executed) {
        Bytes32 hash() {
            return block.hash();
        }
    }

    private record RoundDigest(int round, Bytes32 digest) {}

    private final NodeKey key;
    private final Address me;
    private final Blockchain chain;
    private final TransactionPool pool;
    private final Map<Address, Boolean> proposals;
    private final Gossip gossip;
    private final long periodMillis;
    private final long requestTimeoutMillis;
    private final ScheduledExecutorService exec;

    private long height;
    private volatile int round;
    /** Rounds above 0 entered (metrics); written by the engine thread only. */
    private final java.util.concurrent.atomic.AtomicLong roundChangesEntered = new java.util.concurrent.atomic.AtomicLong();
    private List<Address> validators = List.of();
    private int quorum;
    private boolean active;
    private long headArrivalMillis = System.currentTimeMillis();
    private final Map<Integer, Accepted> accepted = new HashMap<>();
    private final Map<RoundDigest, Map<Address, SignedMessage>> prepares = new HashMap<>();
    private final Map<RoundDigest, Map<Address, Bytes>> commits = new HashMap<>();
    private final Map<Integer, Map<Address, SignedMessage>> roundChanges = new HashMap<>();
    private final Set<Integer> proposed = new HashSet<>();
    private final Set<Integer> committed = new HashSet<>();
    private Optional<PreparedCertificate> prepared = Optional.empty();
    private final PreparedLock lock;
    private final Deque<SignedMessage> future = new ArrayDeque<>();
    private ScheduledFuture<?> roundTimer;
    private ScheduledFuture<?> blockTimer;

    public QbftEngine(NodeKey key, Blockchain chain, TransactionPool pool, Map<Address, Boolean> proposals,
            Gossip gossip, long periodMillis, long requestTimeoutMillis, java.nio.file.Path lockFile) {
        this.lock = new PreparedLock(lockFile);
        this.key = key;
        this.me = key.address();
        this.chain = chain;
        this.pool = pool;
        this.proposals = proposals;
        this.gossip = gossip;
        this.periodMillis = periodMillis;
        this.requestTimeoutMillis = requestTimeoutMillis;
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qbft-" + me.toHex().substring(0, 8));
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        submit(this::startHeight);
    }

    /** A QBFT message from a peer (or this node). */
    public void onMessage(SignedMessage message) {
        submit(() -> handle(message));
    }

    /** The chain head moved (this engine's commit or an import from a peer). */
    public void onNewHead() {
        submit(() -> {
            if (chain.head().number() >= height) {
                headArrivalMillis = System.currentTimeMillis();
                startHeight();
            }
        });
    }

    private void submit(Runnable task) {
        if (exec.isShutdown()) {
            return;
        }
        exec.execute(() -> {
            try {
                task.run();
            } catch (java.util.concurrent.RejectedExecutionException e) {
                if (!exec.isShutdown()) { // a timer scheduled while the engine closes is expected
                    LOG.warn("QBFT event failed at height {} round {}", height, round, e);
                }
            } catch (RuntimeException e) {
                LOG.warn("QBFT event failed at height {} round {}", height, round, e);
            }
        });
    }

    // ---- heights and rounds ----

    private void startHeight() {
        BlockHeader head = chain.head();
        height = head.number() + 1;
        validators = chain.validatorsFor(height);
        quorum = Quorum.of(validators.size());
        accepted.clear();
        prepares.clear();
        commits.clear();
        roundChanges.clear();
        proposed.clear();
        committed.clear();
        cancelTimers();
        active = validators.contains(me);
        // after a restart mid-height, keep reporting the block this validator prepared before
        prepared = lock.load(height).filter(c -> checkCertificate(c, Integer.MAX_VALUE).isEmpty());
        if (!active) {
            return;
        }
        startRound(0);
        List<SignedMessage> replay = new ArrayList<>(future);
        future.clear();
        replay.forEach(this::handle);
    }

    private void startRound(int newRound) {
        round = newRound;
        if (newRound > 0) {
            roundChangesEntered.incrementAndGet();
        }
        cancelTimers();
        long expected = newRound == 0 ? Math.max(0, nextBlockDueMillis() - System.currentTimeMillis()) : 0;
        long timeout = expected + requestTimeoutMillis * (1L << Math.min(newRound, 10));
        int scheduledRound = newRound;
        long scheduledHeight = height;
        roundTimer = exec.schedule(() -> guarded(() -> onRoundTimeout(scheduledHeight, scheduledRound)), timeout,
                TimeUnit.MILLISECONDS);
        if (newRound == 0 && me.equals(proposer(0))) {
            blockTimer = exec.schedule(() -> guarded(() -> proposeNewBlock(scheduledHeight, 0, List.of())), expected,
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * When the next block is due. Whole-second periods follow Besu: the parent's timestamp plus the
     * period, on the wall clock, so blocks come exactly one period apart however long consensus
     * took. Sub-second periods (no sub-second timestamps exist) count from the parent's arrival.
     */
    private long nextBlockDueMillis() {
        if (periodMillis % 1000 == 0) {
            return (chain.head().timestamp() + periodMillis / 1000) * 1000;
        }
        return headArrivalMillis + periodMillis;
    }

    private void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("QBFT timer failed at height {} round {}", height, round, e);
        }
    }

    private void cancelTimers() {
        if (roundTimer != null) {
            roundTimer.cancel(false);
        }
        if (blockTimer != null) {
            blockTimer.cancel(false);
        }
    }

    private void onRoundTimeout(long forHeight, int forRound) {
        if (forHeight != height || forRound != round || !active) {
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

    /**
     * Every validator re-executes the block within the round, on shared cores: keep building to a
     * fifth of the block period (at least 50 ms) so verification fits the round timeout.
     */
    private long buildBudgetNanos() {
        return Math.max(50, periodMillis / 5) * 1_000_000L;
    }

    private Address proposer(int forRound) {
        return ProposerSelection.proposer(validators, chain.head().coinbase(), forRound);
    }

    // ---- proposing ----

    private void proposeNewBlock(long forHeight, int forRound, List<SignedMessage> justification) {
        if (forHeight != height || forRound != round || proposed.contains(forRound) || !active) {
            return;
        }
        BlockHeader parent = chain.head();
        long timestamp = Math.max(parent.timestamp() + periodMillis / 1000, System.currentTimeMillis() / 1000);
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
        if (forRound == 0 && executed.transactions().isEmpty() && holdEmptyBlock(parent)) {
            return;
        }
        QbftExtraData extra = new QbftExtraData(Bytes.wrap(new byte[QbftExtraData.VANITY_SIZE]), validators, vote(),
                forRound, List.of());
        Block block = new Block(chain.proposalHeader(parent, executed, me, timestamp, extra), executed.transactions());
        sendProposal(block, executed, forRound, justification);
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
        long retry = Math.min(emptyExpiry, now + periodMillis);
        if (roundTimer != null) {
            roundTimer.cancel(false);
        }
        long scheduledHeight = height;
        blockTimer = exec.schedule(() -> guarded(() -> {
            if (scheduledHeight == height && round == 0) {
                // as Besu's new round at block-timer expiry: the round timer runs again from here
                roundTimer = exec.schedule(() -> guarded(() -> onRoundTimeout(scheduledHeight, 0)), requestTimeoutMillis,
                        TimeUnit.MILLISECONDS);
            }
            proposeNewBlock(scheduledHeight, 0, List.of());
        }), retry - now, TimeUnit.MILLISECONDS);
        LOG.trace("block {} would be empty; holding it until {}", height, retry);
        return true;
    }

    private Optional<Vote> vote() {
        return firstChange(proposals, validators);
    }

    /**
     * The first vote proposal that would change {@code validators} (Besu skips no-op votes).
     * RPC threads write {@code proposals} (a synchronized map) while the consensus thread reads
     * it: copy under its lock, then iterate the copy.
     */
    public static Optional<Vote> firstChange(Map<Address, Boolean> proposals, java.util.Collection<Address> validators) {
        Map<Address, Boolean> snapshot;
        synchronized (proposals) {
            snapshot = new LinkedHashMap<>(proposals);
        }
        for (Map.Entry<Address, Boolean> p : snapshot.entrySet()) {
            if (p.getValue() != validators.contains(p.getKey())) {
                return Optional.of(new Vote(p.getKey(), p.getValue()));
            }
        }
        return Optional.empty();
    }

    private void sendProposal(Block block, ExecutedBlock executed, int forRound, List<SignedMessage> justification) {
        proposed.add(forRound);
        LOG.debug("proposing block {} round {} with {} transactions", block.number(), forRound, block.transactions().size());
        broadcast(new Proposal(height, forRound, block, justification), new Accepted(block, executed));
    }

    // ---- incoming messages ----

    private void handle(SignedMessage message) {
        QbftMessage m;
        try {
            m = QbftCodec.decode(message.payload());
        } catch (RuntimeException e) {
            LOG.warn("dropped a malformed QBFT message from {}: {}", message.sender(), e.getMessage());
            return;
        }
        if (m.height() < height) {
            return;
        }
        if (m.height() > height || !active) {
            if (m.height() > height && future.size() < MAX_FUTURE_MESSAGES) {
                future.add(message);
            }
            return;
        }
        Address sender = message.sender();
        if (!validators.contains(sender)) {
            LOG.warn("dropped a QBFT message from {}, not a validator at height {}", sender, height);
            return;
        }
        switch (m) {
            case Proposal p -> onProposal(p, sender);
            case Prepare p -> onPrepare(p, sender, message);
            case Commit c -> onCommit(c, sender);
            case RoundChange rc -> onRoundChange(rc, sender, message);
        }
    }

    private void onProposal(Proposal p, Address sender) {
        if (p.round() < round || accepted.containsKey(p.round()) || !sender.equals(proposer(p.round()))) {
            return;
        }
        Optional<String> problem = checkProposal(p);
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
            accept(new Accepted(p.block(), verification.executed()));
        }
    }

    private Optional<String> checkProposal(Proposal p) {
        BlockHeader header = p.block().header();
        if (header.number() != height || !header.parentHash().equals(BftHashing.blockHash(chain.head()))) {
            return Optional.of("does not extend this node's head");
        }
        QbftExtraData extra;
        try {
            extra = QbftExtraDataCodec.decode(header.extraData());
        } catch (RuntimeException e) {
            return Optional.of("bad extraData: " + e.getMessage());
        }
        if (extra.round() != p.round() || !extra.seals().isEmpty()) {
            return Optional.of("extraData round or seals do not match the proposal");
        }
        // a new block names its proposer as coinbase; a re-proposed prepared block keeps its original coinbase
        boolean newBlock = header.coinbase().equals(proposer(p.round()));
        if (p.round() == 0) {
            return newBlock ? Optional.empty() : Optional.of("coinbase is not the proposer of round 0");
        }
        Map<Address, RoundChange> justification = new HashMap<>();
        for (SignedMessage m : p.roundChanges()) {
            if (!validators.contains(m.sender())) {
                return Optional.of("round change from a non-validator in the justification");
            }
            QbftMessage decoded = QbftCodec.decode(m.payload());
            if (!(decoded instanceof RoundChange rc) || rc.height() != height || rc.round() != p.round()) {
                return Optional.of("justification holds a message that is not a round change for this round");
            }
            Optional<String> certificateProblem = rc.prepared().flatMap(c -> checkCertificate(c, rc.round()));
            if (certificateProblem.isPresent()) {
                return certificateProblem;
            }
            justification.put(m.sender(), rc);
        }
        if (justification.size() < quorum) {
            return Optional.of("justification has " + justification.size() + " round changes, quorum is " + quorum);
        }
        Optional<PreparedCertificate> best = highestPrepared(justification.values());
        if (best.isPresent() && !best.get().block().hash().equals(p.block().hash())) {
            return Optional.of("does not re-propose the block prepared in round " + best.get().round());
        }
        if (best.isEmpty() && !newBlock) {
            return Optional.of("coinbase is not the proposer of round " + p.round());
        }
        return Optional.empty();
    }

    private static Optional<PreparedCertificate> highestPrepared(java.util.Collection<RoundChange> changes) {
        return changes.stream().flatMap(rc -> rc.prepared().stream())
                .max(Comparator.comparingInt(PreparedCertificate::round));
    }

    /** A prepared certificate is a quorum of distinct validators' prepares for its block in its round (below {@code before}). */
    private Optional<String> checkCertificate(PreparedCertificate c, int before) {
        if (c.round() >= before) {
            return Optional.of("prepared round not below the round change's round");
        }
        Bytes32 digest = c.block().hash();
        if (c.block().number() != height) {
            return Optional.of("prepared block at the wrong height");
        }
        Set<Address> signers = new HashSet<>();
        for (SignedMessage m : c.prepares()) {
            QbftMessage decoded;
            try {
                decoded = QbftCodec.decode(m.payload());
            } catch (RuntimeException e) {
                return Optional.of("malformed prepare in certificate");
            }
            if (decoded instanceof Prepare prep && prep.height() == height && prep.round() == c.round()
                    && prep.digest().equals(digest) && validators.contains(m.sender())) {
                signers.add(m.sender());
            }
        }
        return signers.size() >= quorum ? Optional.empty() : Optional.of("prepared certificate below quorum");
    }

    /** Accept the proposal of the current round: prepare it, then see if prepares or commits already suffice. */
    private void accept(Accepted proposal) {
        int r = round;
        accepted.put(r, proposal);
        broadcast(new Prepare(height, r, proposal.hash()));
        checkPrepared(r);
        checkCommitted(r);
    }

    private void onPrepare(Prepare p, Address sender, SignedMessage message) {
        prepares.computeIfAbsent(new RoundDigest(p.round(), p.digest()), k -> new LinkedHashMap<>()).putIfAbsent(sender, message);
        checkPrepared(p.round());
    }

    private void checkPrepared(int r) {
        Accepted proposal = accepted.get(r);
        if (r != round || proposal == null || committed.contains(r)) {
            return;
        }
        Map<Address, SignedMessage> votes = prepares.getOrDefault(new RoundDigest(r, proposal.hash()), Map.of());
        if (votes.size() < quorum) {
            return;
        }
        prepared = Optional.of(new PreparedCertificate(r, proposal.block(), List.copyOf(votes.values())));
        lock.save(height, prepared.get());
        committed.add(r);
        Bytes seal = key.sign(BftHashing.sealDigest(proposal.block().header()));
        broadcast(new Commit(height, r, proposal.hash(), seal));
    }

    private void onCommit(Commit c, Address sender) {
        commits.computeIfAbsent(new RoundDigest(c.round(), c.digest()), k -> new LinkedHashMap<>()).putIfAbsent(sender, c.seal());
        checkCommitted(c.round());
    }

    private void checkCommitted(int r) {
        Accepted proposal = accepted.get(r);
        if (proposal == null) {
            return;
        }
        Map<Address, Bytes> seals = commits.getOrDefault(new RoundDigest(r, proposal.hash()), Map.of());
        if (seals.size() < quorum) {
            return;
        }
        Bytes32 sealDigest = BftHashing.sealDigest(proposal.block().header());
        List<Bytes> valid = new ArrayList<>();
        seals.forEach((signer, seal) -> {
            if (Secp256k1.recoverAddress(sealDigest, seal).filter(signer::equals).isPresent()) {
                valid.add(seal);
            } else {
                LOG.warn("invalid commit seal from {} at height {}", signer, height);
            }
        });
        if (valid.size() < quorum) {
            return;
        }
        BlockHeader header = proposal.block().header();
        QbftExtraData extra = QbftExtraDataCodec.decode(header.extraData()).withSeals(valid);
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
        LOG.debug("finalised block {} in round {} with {} seals", block.number(), r, valid.size());
        gossip.newBlock(block);
        headArrivalMillis = System.currentTimeMillis();
        startHeight();
    }

    private void onRoundChange(RoundChange rc, Address sender, SignedMessage message) {
        if (rc.round() < round || rc.round() == 0) {
            return;
        }
        if (rc.prepared().isPresent()) {
            Optional<String> problem = checkCertificate(rc.prepared().get(), rc.round());
            if (problem.isPresent()) {
                LOG.warn("dropped round change from {}: {}", sender, problem.get());
                return;
            }
        }
        Map<Address, SignedMessage> forRound = roundChanges.computeIfAbsent(rc.round(), k -> new LinkedHashMap<>());
        forRound.putIfAbsent(sender, message);
        int faulty = validators.size() - quorum;
        if (rc.round() > round && forRound.size() >= faulty + 1) {
            // f+1 validators are already there: at least one honest one timed out, follow it
            moveToRound(rc.round());
        }
        if (rc.round() == round && forRound.size() >= quorum && me.equals(proposer(round)) && !proposed.contains(round)) {
            proposeForNewRound(List.copyOf(forRound.values()));
        }
    }

    private void proposeForNewRound(List<SignedMessage> justification) {
        List<RoundChange> changes = justification.stream().map(m -> (RoundChange) QbftCodec.decode(m.payload())).toList();
        Optional<PreparedCertificate> best = highestPrepared(changes);
        if (best.isEmpty()) {
            proposeNewBlock(height, round, justification);
            return;
        }
        Block old = best.get().block();
        QbftExtraData extra = QbftExtraDataCodec.decode(old.header().extraData()).withRound(round);
        Block block = new Block(old.header().withExtraData(QbftExtraDataCodec.encode(extra)), old.transactions());
        var verification = chain.verifyContent(block, false);
        if (!verification.ok()) {
            LOG.warn("cannot re-propose the prepared block: {}", verification.problem());
            return;
        }
        sendProposal(block, verification.executed(), round, justification);
    }

    // ---- sending ----

    private void broadcast(QbftMessage message) {
        broadcast(message, null);
    }

    /** Signs and sends to the other validators, and handles it locally (own proposal: accept directly). */
    private void broadcast(QbftMessage message, Accepted ownProposal) {
        SignedMessage signed = SignedMessage.sign(key, QbftCodec.encode(message));
        gossip.toValidators(signed, validators.stream().filter(v -> !v.equals(me)).toList());
        if (ownProposal != null) {
            accept(ownProposal);
        } else {
            handle(signed);
        }
    }

    public long height() {
        return height;
    }

    public int round() {
        return round;
    }

    /** How many times this validator has entered a round above 0 since it started. */
    public long roundChanges() {
        return roundChangesEntered.get();
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
