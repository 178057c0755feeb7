package org.bcpki.chain.besu;

import java.util.Map;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeSpec;

/**
 * {@code docker-compose.yml} for the Besu network: one service per node from the pinned image,
 * the network directory mounted at {@value #MOUNT}, each node started in its own directory with
 * its config file. On loopback hosts (one machine) the services share the host's network, so
 * nodes have exactly the addresses and ports of the files; with {@code --hosts} each service
 * publishes its ports and each machine runs its own services ({@code docker compose up -d NAME}).
 */
public final class BesuCompose {
    public static final String FILE = "docker-compose.yml";
    static final String MOUNT = "/opt/bcpki";

    private BesuCompose() {}

    /** @param wsPorts every node's WebSocket port, by node name */
    public static String yaml(NetworkSpec spec, Map<String, Integer> wsPorts) {
        boolean oneMachine = spec.nodes().stream().allMatch(n -> BesuNodeConfig.isLoopback(n.host()));
        StringBuilder b = new StringBuilder();
        b.append("# Besu QBFT network, chain id ").append(spec.chainId()).append(" (written by bcpki network init --engine besu)\n");
        b.append("# docker compose -f docker-compose.yml up -d [service...]; docker compose down\n");
        b.append("services:\n");
        for (NodeSpec node : spec.nodes()) {
            int ws = wsPorts.get(node.name());
            String home = MOUNT + "/" + node.name();
            b.append("  ").append(node.name()).append(":\n");
            b.append("    image: ").append(quoted(BesuInstallation.IMAGE)).append('\n');
            b.append("    container_name: ").append(quoted("bcpki-" + spec.chainId() + "-" + node.name())).append('\n');
            // root inside the container: the mounted directory belongs to the host user, and Besu writes data/ there
            b.append("    user: \"root\"\n");
            b.append("    working_dir: ").append(quoted(home)).append('\n');
            b.append("    command: [").append(quoted("--config-file=" + home + "/config.toml")).append(", ")
                    .append(quoted("--profile=ENTERPRISE")).append("]\n");
            b.append("    volumes:\n");
            b.append("      - ").append(quoted(".:" + MOUNT)).append('\n');
            if (oneMachine) {
                b.append("    network_mode: \"host\"\n");
                b.append("    # host network: p2p ").append(node.host()).append(':').append(node.p2pPort()).append(" tcp+udp, rpc ")
                        .append(node.rpcUrl()).append(", ws ws://").append(node.host()).append(':').append(ws).append('\n');
            } else {
                b.append("    ports:\n");
                b.append("      - ").append(quoted(node.p2pPort() + ":" + node.p2pPort() + "/tcp")).append('\n');
                b.append("      - ").append(quoted(node.p2pPort() + ":" + node.p2pPort() + "/udp")).append('\n');
                b.append("      - ").append(quoted(node.rpcPort() + ":" + node.rpcPort())).append('\n');
                b.append("      - ").append(quoted(ws + ":" + ws)).append('\n');
                if (node.metricsEnabled()) {
                    b.append("      - ").append(quoted(node.metricsPort() + ":" + node.metricsPort())).append('\n');
                }
            }
            b.append("    restart: \"unless-stopped\"\n");
        }
        return b.toString();
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
