package org.bcpki.contracts.testnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.node.ChainNode;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * chain-node's embedded QBFT network for tests of the contracts and their clients: one validator
 * (and optionally mirrors) in this JVM, a short block period, ports from the OS. Clients reach it
 * only through JSON-RPC, exactly as they would reach Besu. One per test class: start it in
 * {@code @BeforeAll}.
 */
public final class EmbeddedChain implements AutoCloseable {
    public static final long CHAIN_ID = 1337;
    public static final String VALIDATOR = "validator-1";
    private static final long BLOCK_PERIOD_MILLIS = 200;
    private static final long ROUND_TIMEOUT_MILLIS = 2000;

    public final Path dir;
    public final NetworkSpec spec;
    private final Map<String, ChainNode> running = new LinkedHashMap<>();

    private EmbeddedChain(Path dir, NetworkSpec spec) {
        this.dir = dir;
        this.spec = spec;
    }

    /** Writes a network with {@code validators} validators and {@code mirrors} mirrors into {@code dir} and starts it. */
    public static EmbeddedChain start(Path dir, int validators, int mirrors) {
        NetworkSpec spec = NetworkSpec.generate(validators, mirrors, 1, CHAIN_ID, 1, new SecureRandom(), FreePorts::next)
                .withBlockPeriodMillis(BLOCK_PERIOD_MILLIS).withRequestTimeoutMillis(ROUND_TIMEOUT_MILLIS)
                // contract tests send from any TestAccounts name: accounts permissioning off on this test chain
                .withAccountsAllowlist(List.of());
        try {
            NetworkFiles.write(spec, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedChain chain = new EmbeddedChain(dir, spec);
        spec.nodes().forEach(n -> chain.startNode(n.name()));
        chain.awaitBlock(2);
        return chain;
    }

    /** One validator and no mirror: the quickest chain that seals blocks. */
    public static EmbeddedChain start(Path dir) {
        return start(dir, 1, 0);
    }

    /** Starts a node of the network (nothing happens when it runs already). */
    public void startNode(String name) {
        if (running.containsKey(name)) {
            return;
        }
        try {
            running.put(name, ChainNode.start(dir, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops a node (its JSON-RPC port refuses connections until {@link #startNode}). */
    public void stopNode(String name) {
        ChainNode node = running.remove(name);
        if (node != null) {
            node.close();
        }
    }

    public String rpcUrl(String name) {
        return spec.node(name).orElseThrow().rpcUrl();
    }

    public String rpcUrl() {
        return rpcUrl(VALIDATOR);
    }

    /** A web3j client of a node, polling as often as blocks come. */
    public Web3j web3j(String name) {
        return Web3j.build(new HttpService(rpcUrl(name)), BLOCK_PERIOD_MILLIS, java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "web3j-" + name);
            t.setDaemon(true);
            return t;
        }));
    }

    public long height() {
        return running.get(VALIDATOR).chain().head().number();
    }

    /** The timestamp of the newest block (what {@code block.timestamp} is for the next transaction, about). */
    public long time() {
        return running.get(VALIDATOR).chain().head().timestamp();
    }

    public void awaitBlock(long number) {
        await("block " + number, Duration.ofSeconds(30), () -> height() >= number);
    }

    /** Waits until the newest block's timestamp is at least {@code unixSeconds}. */
    public void awaitTime(long unixSeconds) {
        await("block time " + unixSeconds, Duration.ofSeconds(60), () -> time() >= unixSeconds);
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public static BigInteger chainId() {
        return BigInteger.valueOf(CHAIN_ID);
    }

    @Override
    public void close() {
        running.values().forEach(ChainNode::close);
        running.clear();
    }
}
