package org.bcpki.chain.node;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of a node process: {@code NodeMain --dir D --node NAME}. Runs until the process
 * is told to stop (SIGTERM), then closes the node cleanly; kill -9 loses nothing finalised
 * because every block is committed to SQLite and LevelDB before it counts as the head.
 */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = null;
        String name = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--node" -> name = args[i + 1];
                case "--logging" -> NodeLogging.setFromCommandLine(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dir == null || name == null) {
            System.err.println("usage: NodeMain --dir D --node NAME [--logging LEVEL]");
            System.exit(2);
        }
        try {
            runUntilStopped(dir, name);
        } catch (IllegalArgumentException e) { // a bad config.toml or permissions file: its message says which key
            System.err.println("bcpki: " + name + ": " + e.getMessage());
            System.exit(2);
        }
    }

    /** Starts the node, records its pid, and blocks until shutdown. */
    public static void runUntilStopped(Path dir, String name) throws Exception {
        ChainNode node = ChainNode.start(dir, name);
        NodeLauncher.writePid(dir, name, ProcessHandle.current().pid());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            NodeLauncher.removePid(dir, name);
            stopped.countDown();
        }));
        stopped.await();
    }
}
