package org.bcpki.chain.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NetworkStatus;
import org.bcpki.chain.node.EmbeddedNetwork;
import org.bcpki.chain.node.NodeLauncher;

/**
 * The embedded network as an engine: either every node in this JVM (tests) or in one background
 * JVM (what {@code network up --detach} does). {@link #down} stops either.
 */
public final class EmbeddedEngine implements ChainEngine {
    private static final Map<Path, EmbeddedNetwork> IN_THIS_JVM = new ConcurrentHashMap<>();
    private final boolean inProcess;

    private EmbeddedEngine(boolean inProcess) {
        this.inProcess = inProcess;
    }

    /** Nodes run in this JVM until {@link #down}. */
    public static EmbeddedEngine inProcess() {
        return new EmbeddedEngine(true);
    }

    /** Nodes run in a background JVM whose pid is recorded under D/run. */
    public static EmbeddedEngine detached() {
        return new EmbeddedEngine(false);
    }

    @Override
    public String name() {
        return NetworkSpec.ENGINE_EMBEDDED;
    }

    @Override
    public void init(NetworkSpec spec, Path dir) throws IOException {
        NetworkFiles.write(spec, dir);
    }

    @Override
    public List<NodeEndpoint> up(Path dir, Duration timeout) throws IOException, InterruptedException {
        NetworkSpec spec = NetworkFiles.read(dir);
        List<NodeEndpoint> endpoints = spec.nodes().stream()
                .map(n -> new NodeEndpoint(n.name(), n.role(), n.rpcUrl(), n.wsUrl())).toList();
        Path key = dir.toAbsolutePath().normalize();
        Process child = null;
        if (inProcess) {
            if (IN_THIS_JVM.containsKey(key)) {
                throw new IllegalStateException("the network in " + dir + " is already running in this JVM");
            }
            IN_THIS_JVM.put(key, EmbeddedNetwork.start(dir));
        } else {
            child = NodeLauncher.spawnEmbedded(dir);
        }
        Process process = child;
        if (!BlockProduction.await(endpoints, timeout, () -> process == null || process.isAlive())) {
            down(dir);
            throw new IOException("the embedded network did not produce blocks within " + timeout.toSeconds()
                    + " s; see " + NodeLauncher.runDir(dir) + "/*.log");
        }
        return endpoints;
    }

    @Override
    public List<NetworkStatus.NodeStatus> status(Path dir) throws IOException {
        return NetworkStatus.query(NetworkFiles.read(dir));
    }

    @Override
    public int down(Path dir) throws IOException {
        EmbeddedNetwork local = IN_THIS_JVM.remove(dir.toAbsolutePath().normalize());
        int stopped = 0;
        if (local != null) {
            stopped = local.nodes().size();
            local.close();
        }
        return stopped + NodeLauncher.stopAll(dir);
    }
}
