package org.bcpki.chain.node;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.network.RpcClient;

/** Every node of a network directory in this JVM ({@code bcpki network up} without --processes). */
public final class EmbeddedNetwork implements AutoCloseable {
    private final Path dir;
    private final List<ChainNode> nodes = new ArrayList<>();

    private EmbeddedNetwork(Path dir) {
        this.dir = dir;
    }

    public static EmbeddedNetwork start(Path dir) throws IOException {
        NetworkSpec spec = NetworkFiles.read(dir);
        EmbeddedNetwork network = new EmbeddedNetwork(dir);
        try {
            for (NodeSpec node : spec.nodes()) {
                network.nodes.add(ChainNode.start(dir, node.name()));
                NodeLauncher.writePid(dir, node.name(), ProcessHandle.current().pid());
            }
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    public List<ChainNode> nodes() {
        return List.copyOf(nodes);
    }

    /** Blocks until the JVM is asked to stop, then closes every node. */
    public void awaitShutdown() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Waits until every node of {@code spec} answers JSON-RPC; false on timeout. */
    public static boolean awaitReady(NetworkSpec spec, Duration timeout) throws InterruptedException {
        return awaitReady(spec, timeout, () -> true);
    }

    /** As {@link #awaitReady(NetworkSpec, Duration)}, giving up as soon as {@code running} turns false (a node process exited). */
    public static boolean awaitReady(NetworkSpec spec, Duration timeout, java.util.function.BooleanSupplier running)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (NodeSpec node : spec.nodes()) {
            try (RpcClient rpc = new RpcClient(node.rpcUrl())) {
                while (true) {
                    try {
                        rpc.call("eth_blockNumber");
                        break;
                    } catch (IOException e) {
                        if (System.nanoTime() > deadline || !running.getAsBoolean()) {
                            return false;
                        }
                        Thread.sleep(200);
                    }
                }
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        for (ChainNode node : nodes) {
            node.close();
            NodeLauncher.removePid(dir, node.name());
        }
        nodes.clear();
    }

    /** {@code EmbeddedNetwork --dir D [--logging LEVEL]}: the background JVM of {@code network up --detach}. */
    public static void main(String[] args) throws Exception {
        boolean logging = args.length == 4 && args[2].equals("--logging");
        if ((args.length != 2 && !logging) || !args[0].equals("--dir")) {
            System.err.println("usage: EmbeddedNetwork --dir D [--logging LEVEL]");
            System.exit(2);
        }
        if (logging) {
            NodeLogging.setFromCommandLine(args[3]);
        }
        start(Path.of(args[1])).awaitShutdown();
    }
}
