package org.bcpki.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bcpki.chain.besu.BesuEngine;
import org.bcpki.chain.besu.BesuInstallation;
import org.bcpki.chain.engine.BlockProduction;
import org.bcpki.chain.engine.ChainEngine;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NetworkStatus;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.engine.NodeEndpoint;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The Besu engine on a Docker engine through Testcontainers: the files {@link BesuEngine#init}
 * writes, one container per node from the pinned image on a private network where every node has
 * the fixed IPv4 address its enode URL names ({@link #SUBNET}). RPC is reached through mapped ports.
 */
final class BesuContainersEngine implements ChainEngine {
    static final String SUBNET = "172.30.77.0/24";
    private static final String HOME = "/opt/bcpki";
    private final Map<Path, Running> running = new LinkedHashMap<>();

    private record Running(Network network, List<GenericContainer<?>> containers, List<NodeEndpoint> endpoints,
            Map<String, String> metricsUrls) {}

    /** The container address of node {@code index} (0-based) in {@link #SUBNET}. */
    static String address(int index) {
        return "172.30.77." + (10 + index);
    }

    /** A spec whose nodes sit at the container addresses (so the allowlist names what peers really dial). */
    static NetworkSpec place(NetworkSpec spec) {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < spec.nodes().size(); i++) {
            hosts.add(address(i));
        }
        return spec.withHosts(hosts);
    }

    @Override
    public String name() {
        return BesuEngine.NAME;
    }

    @Override
    public void init(NetworkSpec spec, Path dir) throws IOException {
        new BesuEngine().init(spec, dir);
    }

    @Override
    public List<NodeEndpoint> up(Path dir, Duration timeout) throws IOException, InterruptedException {
        NetworkSpec spec = NetworkFiles.read(dir);
        Network network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withIpam(
                new com.github.dockerjava.api.model.Network.Ipam().withConfig(
                        new com.github.dockerjava.api.model.Network.Ipam.Config().withSubnet(SUBNET)))).build();
        List<GenericContainer<?>> containers = new ArrayList<>();
        List<NodeEndpoint> endpoints = new ArrayList<>();
        Running run = new Running(network, containers, endpoints, new LinkedHashMap<>());
        running.put(dir.toAbsolutePath().normalize(), run);
        try {
            for (NodeSpec node : spec.nodes()) {
                String home = HOME + "/" + node.name();
                @SuppressWarnings("resource") // stopped by down()
                GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(BesuInstallation.IMAGE))
                        .withNetwork(network)
                        .withCopyFileToContainer(MountableFile.forHostPath(dir), HOME)
                        .withWorkingDirectory(home)
                        .withCommand("--config-file=" + home + "/config.toml", "--profile=ENTERPRISE")
                        .withExposedPorts(node.metricsEnabled() ? new Integer[] {node.rpcPort(), node.metricsPort()}
                                : new Integer[] {node.rpcPort()})
                        .withCreateContainerCmdModifier(cmd -> cmd.withIpv4Address(node.host()).withUser("root"))
                        .waitingFor(Wait.forHttp("/liveness").forPort(node.rpcPort()).withStartupTimeout(timeout));
                containers.add(container);
                container.start();
                endpoints.add(new NodeEndpoint(node.name(), node.role(),
                        "http://" + container.getHost() + ":" + container.getMappedPort(node.rpcPort()), null));
                if (node.metricsEnabled()) {
                    run.metricsUrls().put(node.name(),
                            "http://" + container.getHost() + ":" + container.getMappedPort(node.metricsPort()) + "/metrics");
                }
            }
            if (!BlockProduction.await(endpoints, timeout, () -> containers.stream().allMatch(GenericContainer::isRunning))) {
                throw new IOException("the Besu containers did not produce blocks within " + timeout.toSeconds() + " s; "
                        + containers.get(0).getLogs());
            }
            return List.copyOf(endpoints);
        } catch (IOException | RuntimeException | InterruptedException e) {
            down(dir);
            throw e;
        }
    }

    /** The mapped /metrics URL of a running node. */
    String metricsUrl(Path dir, String node) {
        Running run = running.get(dir.toAbsolutePath().normalize());
        if (run == null || !run.metricsUrls().containsKey(node)) {
            throw new IllegalStateException("no metrics port for " + node + " in " + dir);
        }
        return run.metricsUrls().get(node);
    }

    @Override
    public List<NetworkStatus.NodeStatus> status(Path dir) throws IOException {
        Running run = running.get(dir.toAbsolutePath().normalize());
        if (run == null) {
            return NetworkStatus.query(NetworkFiles.read(dir));
        }
        return run.endpoints().stream().map(e -> NetworkStatus.query(e.name(), e.role().label(), e.rpcUrl())).toList();
    }

    @Override
    public int down(Path dir) {
        Running run = running.remove(dir.toAbsolutePath().normalize());
        if (run == null) {
            return 0;
        }
        run.containers().forEach(GenericContainer::stop);
        run.network().close();
        return run.containers().size();
    }
}
