package org.bcpki.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.RpcTokens;
import org.bcpki.chain.node.ChainNode;

/** An embedded network in one JVM for tests: short block period, ports from the OS. */
public final class TestNetwork implements AutoCloseable {
    public final Path dir;
    public final NetworkSpec spec;
    private final Map<String, ChainNode> running = new LinkedHashMap<>();

    private TestNetwork(Path dir, NetworkSpec spec) {
        this.dir = dir;
        this.spec = spec;
    }

    public static TestNetwork create(Path dir, int validators, int mirrors, long periodMillis, long timeoutMillis) {
        NetworkSpec spec = NetworkSpec.generate(validators, mirrors, 1, 1337, 3, new SecureRandom(), TestNetwork::freePort)
                .withBlockPeriodMillis(periodMillis).withRequestTimeoutMillis(timeoutMillis);
        return create(dir, spec);
    }

    public static TestNetwork create(Path dir, NetworkSpec spec) {
        try {
            NetworkFiles.write(spec, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestNetwork(dir, spec);
    }

    public static int freePort() {
        return FreePorts.next();
    }

    public TestNetwork startAll() {
        spec.nodes().forEach(n -> start(n.name()));
        return this;
    }

    public ChainNode start(String name) {
        try {
            ChainNode node = ChainNode.start(dir, name);
            running.put(name, node);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stop(String name) {
        ChainNode node = running.remove(name);
        if (node != null) {
            node.close();
        }
    }

    public ChainNode node(String name) {
        return running.get(name);
    }

    /** A token of this network's key with every permission ("*:*"), valid for an hour. */
    public String adminToken() {
        try {
            return RpcTokens.mint(dir, RpcTokens.ADMIN_PERMISSIONS, RpcTokens.DEFAULT_TTL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets one option of a node's config.toml (before the node starts), e.g. rpc-gas-cap. */
    public void setOption(String name, String key, String tomlValue) {
        Path config = dir.resolve(name).resolve("config.toml");
        try {
            String kept = Files.readAllLines(config).stream().filter(l -> !l.startsWith(key + "="))
                    .reduce("", (a, l) -> a + l + "\n");
            Files.writeString(config, kept + key + "=" + tomlValue + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String rpcUrl(String name) {
        return spec.node(name).orElseThrow().rpcUrl();
    }

    public long height(String name) {
        return running.get(name).chain().head().number();
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        running.values().forEach(ChainNode::close);
        running.clear();
    }
}
