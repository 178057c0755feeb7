package org.bcpki.chain.consensus;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.chain.tx.TransactionPool;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.NodeKey;
import org.bcpki.core.chain.Vote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One validator's QBFT engine (Besu's QbftController and event loop): it owns the consensus thread,
 * on which every event runs (messages, timers, new heads), decodes and routes messages, keeps
 * messages for later heights, and starts a {@link HeightManager} for each height. The consensus
 * state is touched by that thread only, so it needs no locks; the one input shared with other
 * threads, the vote proposals that RPC threads write, is copied under its own lock when read.
 */
public final class QbftEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QbftEngine.class);
    private static final int MAX_FUTURE_MESSAGES = 10_000;

    /** Where the engine's outgoing messages go. */
    public interface Gossip {
        void toValidators(SignedMessage message, List<Address> validators);

        void newBlock(Block block);
    }

    private final NodeKey key;
    private final Address me;
    private final Blockchain chain;
    private final Map<Address, Boolean> proposals;
    private final Gossip gossip;
    private final ScheduledExecutorService exec;
    private final HeightManager.Context context;
    /** Rounds above 0 entered (metrics); written by the engine thread only. */
    private final AtomicLong roundChangesEntered = new AtomicLong();
    private final Deque<SignedMessage> future = new ArrayDeque<>();
    private long headArrivalMillis = System.currentTimeMillis();
    /** The current height; null until started. Volatile for the metrics' reads of height and round. */
    private volatile HeightManager current;

    public QbftEngine(NodeKey key, Blockchain chain, TransactionPool pool, Map<Address, Boolean> proposals,
            Gossip gossip, long periodMillis, long requestTimeoutMillis, Path lockFile) {
        this.key = key;
        this.me = key.address();
        this.chain = chain;
        this.proposals = proposals;
        this.gossip = gossip;
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qbft-" + me.toHex().substring(0, 8));
            t.setDaemon(true);
            return t;
        });
        this.context = new HeightManager.Context(key, chain, new BlockBuilder(chain, pool, me, periodMillis),
                new PreparedLock(lockFile), periodMillis, requestTimeoutMillis, new ToEngine());
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
            if (chain.head().number() >= height()) {
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
            } catch (RejectedExecutionException e) {
                if (!exec.isShutdown()) { // a timer scheduled while the engine closes is expected
                    LOG.warn("QBFT event failed at height {} round {}", height(), round(), e);
                }
            } catch (RuntimeException e) {
                LOG.warn("QBFT event failed at height {} round {}", height(), round(), e);
            }
        });
    }

    private void startHeight() {
        if (current != null) {
            current.stop();
        }
        long height = chain.head().number() + 1;
        HeightManager next = new HeightManager(context, height, chain.validatorsFor(height), headArrivalMillis);
        current = next;
        if (!next.active()) {
            return;
        }
        next.start();
        List<SignedMessage> replay = new ArrayList<>(future);
        future.clear();
        replay.forEach(this::handle);
    }

    private void handle(SignedMessage message) {
        QbftMessage m;
        try {
            m = QbftCodec.decode(message.payload());
        } catch (RuntimeException e) {
            LOG.warn("dropped a malformed QBFT message from {}: {}", message.sender(), e.getMessage());
            return;
        }
        HeightManager height = current;
        long now = height == null ? 0 : height.height();
        if (m.height() < now) {
            return;
        }
        if (m.height() > now || !height.active()) {
            if (m.height() > now && future.size() < MAX_FUTURE_MESSAGES) {
                future.add(message);
            }
            return;
        }
        Address sender = message.sender();
        if (!height.isValidator(sender)) {
            LOG.warn("dropped a QBFT message from {}, not a validator at height {}", sender, now);
            return;
        }
        height.handle(m, sender, message);
    }

    /** What the height managers ask of the engine; called on the consensus thread. */
    private final class ToEngine implements HeightManager.Engine {
        @Override
        public SignedMessage send(QbftMessage message, List<Address> validators) {
            SignedMessage signed = SignedMessage.sign(key, QbftCodec.encode(message));
            gossip.toValidators(signed, validators.stream().filter(v -> !v.equals(me)).toList());
            return signed;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
            return exec.schedule(() -> guarded(task), delayMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public Optional<Vote> vote(List<Address> validators) {
            return firstChange(proposals, validators);
        }

        @Override
        public void enteredRound(int round) {
            if (round > 0) {
                roundChangesEntered.incrementAndGet();
            }
        }

        @Override
        public void finalised(Block block) {
            gossip.newBlock(block);
            headArrivalMillis = System.currentTimeMillis();
            startHeight();
        }
    }

    private void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("QBFT timer failed at height {} round {}", height(), round(), e);
        }
    }

    /**
     * The first vote proposal that would change {@code validators} (Besu skips no-op votes).
     * RPC threads write {@code proposals} (a synchronized map) while the consensus thread reads
     * it: copy under its lock, then iterate the copy.
     */
    public static Optional<Vote> firstChange(Map<Address, Boolean> proposals, Collection<Address> validators) {
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

    public long height() {
        HeightManager height = current;
        return height == null ? 0 : height.height();
    }

    public int round() {
        HeightManager height = current;
        return height == null ? 0 : height.round();
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
