package org.bcpki.chain.besu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.bcpki.chain.engine.BlockProduction;
import org.bcpki.chain.engine.ChainEngine;
import org.bcpki.chain.engine.EngineUnavailableException;
import org.bcpki.chain.engine.NodeEndpoint;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NetworkStatus;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.network.Toml;
import org.bcpki.chain.node.NodeLauncher;

/**
 * Hyperledger Besu as the engine: {@link #init} writes the embedded engine's files for the same
 * spec (genesis, keys, permissions) plus Besu configs with a WebSocket port and
 * {@code docker-compose.yml}; {@link #up} starts one local {@code besu} process per node (pid in
 * {@code D/run/NAME.pid}, output in {@code D/run/NAME.log}); {@link #down} stops them.
 */
public final class BesuEngine implements ChainEngine {
    public static final String NAME = "besu";
    private final IntSupplier ports;
    private final Map<String, String> env;
    private final BesuInstallation.CommandRunner runner;

    public BesuEngine() {
        this(FreePorts::next, System.getenv(), BesuInstallation::runProcess);
    }

    /** @param env where BESU_HOME, PATH and JAVA_HOME come from; {@code runner} runs {@code besu --version} */
    public BesuEngine(IntSupplier ports, Map<String, String> env, BesuInstallation.CommandRunner runner) {
        this.ports = ports;
        this.env = Map.copyOf(env);
        this.runner = runner;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void init(NetworkSpec spec, Path dir) throws IOException {
        NetworkFiles.write(spec, dir, NAME);
        Set<Integer> taken = new HashSet<>();
        spec.nodes().forEach(n -> {
            taken.add(n.rpcPort());
            taken.add(n.p2pPort());
            taken.add(n.metricsPort());
        });
        Map<String, Integer> wsPorts = new LinkedHashMap<>();
        for (NodeSpec node : spec.nodes()) {
            int ws;
            do {
                ws = ports.getAsInt();
            } while (!taken.add(ws));
            wsPorts.put(node.name(), ws);
            Files.writeString(dir.resolve(node.name()).resolve("config.toml"), BesuNodeConfig.toml(spec, node, OptionalInt.of(ws)));
        }
        Files.writeString(dir.resolve(BesuCompose.FILE), BesuCompose.yaml(spec, wsPorts));
    }

    /** Every node's RPC URLs as the files give them (WebSocket from its config.toml). */
    public static List<NodeEndpoint> endpoints(Path dir, NetworkSpec spec) throws IOException {
        List<NodeEndpoint> out = new ArrayList<>();
        for (NodeSpec n : spec.nodes()) {
            Object ws = Toml.parse(Files.readString(dir.resolve(n.name()).resolve("config.toml"))).get("rpc-ws-port");
            out.add(new NodeEndpoint(n.name(), n.role(), n.rpcUrl(), ws == null ? null : "ws://" + n.host() + ":" + ws));
        }
        return out;
    }

    /** Finds Besu and checks it (version line, JDK 25+); throws {@link EngineUnavailableException} with a how-to. */
    public BesuInstallation installation() {
        return BesuInstallation.detect(env, runner);
    }

    @Override
    public List<NodeEndpoint> up(Path dir, Duration timeout) throws IOException, InterruptedException {
        NetworkSpec spec = NetworkFiles.read(dir);
        BesuInstallation besu = installation();
        if (!running(dir).isEmpty()) {
            throw new IllegalStateException("the network in " + dir + " is already running (pids " + running(dir)
                    + "); run 'bcpki network down --dir " + dir + "' first");
        }
        Files.createDirectories(NodeLauncher.runDir(dir));
        List<Process> processes = new ArrayList<>();
        try {
            for (NodeSpec node : spec.nodes()) {
                Process p = besu.processBuilder(dir.resolve(node.name()), NodeLauncher.runDir(dir).resolve(node.name() + ".log")).start();
                processes.add(p);
                NodeLauncher.writePid(dir, node.name(), p.pid());
            }
            List<NodeEndpoint> endpoints = endpoints(dir, spec);
            if (!BlockProduction.await(endpoints, timeout, () -> processes.stream().allMatch(Process::isAlive))) {
                throw new IOException("the Besu network did not produce blocks within " + timeout.toSeconds() + " s"
                        + (processes.stream().allMatch(Process::isAlive) ? "" : " (a besu process exited)")
                        + "; see " + NodeLauncher.runDir(dir) + "/*.log");
            }
            return endpoints;
        } catch (IOException | RuntimeException | InterruptedException e) {
            NodeLauncher.stopAll(dir);
            throw e;
        }
    }

    @Override
    public List<NetworkStatus.NodeStatus> status(Path dir) throws IOException {
        return NetworkStatus.query(NetworkFiles.read(dir));
    }

    @Override
    public int down(Path dir) throws IOException {
        return NodeLauncher.stopAll(dir);
    }

    /** The live processes recorded in D/run/*.pid. */
    static List<Long> running(Path dir) throws IOException {
        if (!Files.isDirectory(NodeLauncher.runDir(dir))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(NodeLauncher.runDir(dir))) {
            return files.filter(f -> f.toString().endsWith(".pid")).map(BesuEngine::pid).flatMap(Optional::stream)
                    .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
        }
    }

    private static Optional<Long> pid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
