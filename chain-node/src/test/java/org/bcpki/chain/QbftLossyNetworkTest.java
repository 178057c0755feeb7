package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.consensus.QbftEngine;
import org.bcpki.chain.exec.AccountPermissions;
import org.bcpki.chain.exec.TransactionProcessor;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.tx.TransactionPool;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four QBFT engines over an in-memory network that loses 15% of consensus messages and delays the
 * rest by up to 150 ms: rounds change often (QBFT does not retransmit; a lost message costs a
 * round), yet no height ever gets two different blocks, and the chain keeps growing.
 */
class QbftLossyNetworkTest {
    @TempDir
    Path dir;

    private record Node(Address address, Blockchain chain, QbftEngine engine) {}

    @Test
    void neverFinalisesTwoBlocksAtOneHeight() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(4, 0, 1, 1337, 1, new SecureRandom(), TestNetwork::freePort)
                .withBlockPeriodMillis(100).withRequestTimeoutMillis(300);
        Random random = new Random(42);
        ScheduledExecutorService wire = Executors.newScheduledThreadPool(2);
        Map<Address, Node> nodes = new LinkedHashMap<>();
        Map<Long, Set<Bytes32>> finalised = new ConcurrentHashMap<>();
        AtomicInteger roundsAboveZero = new AtomicInteger();
        try {
            for (NodeSpec n : spec.nodes()) {
                Blockchain chain = new Blockchain(dir.resolve(n.name()), spec.genesis(),
                        new TransactionProcessor(spec.chainId(), AccountPermissions.OPEN));
                chain.onBlock((block, receipts) -> {
                    finalised.computeIfAbsent(block.number(), k -> ConcurrentHashMap.newKeySet()).add(block.hash());
                    if (QbftExtraDataCodec.decode(block.header().extraData()).round() > 0) {
                        roundsAboveZero.incrementAndGet();
                    }
                });
                Address me = n.key().address();
                QbftEngine engine = new QbftEngine(n.key(), chain, new TransactionPool(100), new HashMap<>(),
                        new QbftEngine.Gossip() {
                            @Override
                            public void toValidators(SignedMessage message, List<Address> validators) {
                                for (Address to : validators) {
                                    boolean lost;
                                    long delay;
                                    synchronized (random) {
                                        lost = random.nextDouble() < 0.15;
                                        delay = random.nextInt(150);
                                    }
                                    if (!lost) {
                                        wire.schedule(() -> nodes.get(to).engine().onMessage(message), delay, TimeUnit.MILLISECONDS);
                                    }
                                }
                            }

                            @Override
                            public void newBlock(Block block) {
                                nodes.values().stream().filter(x -> !x.address().equals(me)).forEach(x ->
                                        wire.schedule(() -> deliver(x, block), 50, TimeUnit.MILLISECONDS));
                            }
                        }, spec.genesis().periodMillis(), spec.effectiveRequestTimeoutMillis(), dir.resolve(n.name() + ".lock"));
                nodes.put(me, new Node(me, chain, engine));
            }
            // the sync a real node does: a node that missed blocks fetches them from the best peer
            wire.scheduleWithFixedDelay(() -> catchUp(nodes), 200, 200, TimeUnit.MILLISECONDS);
            nodes.values().forEach(n -> n.engine().start());

            TestNetwork.await("15 blocks despite losses", Duration.ofSeconds(120),
                    () -> nodes.values().stream().allMatch(n -> n.chain().head().number() >= 15));
        } finally {
            wire.shutdownNow();
            wire.awaitTermination(5, TimeUnit.SECONDS);
            nodes.values().forEach(n -> n.engine().close());
            Thread.sleep(200);
            nodes.values().forEach(n -> n.chain().close());
        }
        List<Long> heights = new ArrayList<>(finalised.keySet());
        Collections.sort(heights);
        assertTrue(heights.size() >= 15);
        for (long h : heights) {
            assertEquals(1, finalised.get(h).size(), "exactly one block finalised at height " + h);
        }
        assertTrue(roundsAboveZero.get() > 0, "some blocks needed a round change");
    }

    private static void deliver(Node node, Block block) {
        if (node.chain().importBlock(block) == Blockchain.ImportResult.IMPORTED) {
            node.engine().onNewHead();
        }
    }

    private static void catchUp(Map<Address, Node> nodes) {
        Node best = nodes.values().stream().max((a, b) -> Long.compare(a.chain().head().number(), b.chain().head().number())).orElseThrow();
        for (Node n : nodes.values()) {
            while (n != best && n.chain().head().number() < best.chain().head().number()) {
                Block next = best.chain().store().block(n.chain().head().number() + 1).orElseThrow();
                if (n.chain().importBlock(next) != Blockchain.ImportResult.IMPORTED) {
                    break;
                }
                n.engine().onNewHead();
            }
        }
    }
}
