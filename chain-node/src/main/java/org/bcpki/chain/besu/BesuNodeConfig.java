package org.bcpki.chain.besu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeRole;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.network.Toml;
import org.bcpki.chain.tx.TransactionPoolOptions;

/**
 * A node's Besu configuration file ({@code besu --config-file=NAME/config.toml}), option names
 * exactly as Besu's command line spells them. Paths are relative to the node's directory, which
 * is Besu's working directory (the launcher and docker-compose both start it there).
 */
public final class BesuNodeConfig {
    /** The JSON-RPC groups the clients rely on (Besu enables QBFT, DEBUG and PERM only when asked). */
    public static final List<String> RPC_APIS = List.of("ETH", "NET", "WEB3", "QBFT", "DEBUG", "PERM");
    /** Listen on every interface when the node is reached under a non-loopback host name. */
    static final String ALL_INTERFACES = "0.0.0.0";

    private BesuNodeConfig() {}

    /**
     * The options in file order. {@code wsPort} is Besu's separate WebSocket port (the embedded
     * engine serves WebSocket on the HTTP port, so its files leave it out).
     */
    public static Map<String, Object> options(NetworkSpec spec, NodeSpec node, OptionalInt wsPort) {
        String listen = isLoopback(node.host()) ? node.host() : ALL_INTERFACES;
        List<String> bootnodes = spec.nodes().stream().filter(n -> n != node && n.role() == NodeRole.VALIDATOR)
                .map(n -> n.enode().toString()).toList();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("data-path", "data");
        o.put("genesis-file", "../" + NetworkFiles.GENESIS);
        o.put("node-private-key-file", "key");
        // --profile=ENTERPRISE settings, spelled out: FULL sync, FOREST storage (historical eth_getProof), free gas
        o.put("sync-mode", "FULL");
        o.put("data-storage-format", "FOREST");
        o.put("min-gas-price", 0L);
        // Besu's default (layered) pool; the embedded node applies the same cap on nonce-gap transactions
        o.put("tx-pool-max-future-by-sender", (long) TransactionPoolOptions.DEFAULT.maxFutureBySender());
        o.put("revert-reason-enabled", true);
        o.put("p2p-host", node.host());
        o.put("p2p-interface", listen);
        o.put("p2p-port", (long) node.p2pPort());
        // the advertised p2p-host is the enode host in every peer's allowlist: never let NAT detection replace it
        o.put("nat-method", "NONE");
        o.put("bootnodes", bootnodes);
        o.put("rpc-http-enabled", true);
        o.put("rpc-http-host", listen);
        o.put("rpc-http-port", (long) node.rpcPort());
        o.put("rpc-http-api", RPC_APIS);
        if (wsPort.isPresent()) {
            o.put("rpc-ws-enabled", true);
            o.put("rpc-ws-host", listen);
            o.put("rpc-ws-port", (long) wsPort.getAsInt());
            o.put("rpc-ws-api", RPC_APIS);
        }
        o.put("host-allowlist", List.of("*"));
        o.put("permissions-nodes-config-file-enabled", true);
        o.put("permissions-nodes-config-file", "../" + NetworkFiles.PERMISSIONS);
        // Besu warns about a file option whose feature is off: name the file only when the allowlist is used
        o.put("permissions-accounts-config-file-enabled", !spec.accountsAllowlist().isEmpty());
        if (!spec.accountsAllowlist().isEmpty()) {
            o.put("permissions-accounts-config-file", "../" + NetworkFiles.PERMISSIONS);
        }
        return o;
    }

    /** The TOML text of {@link #options}. */
    public static String toml(NetworkSpec spec, NodeSpec node, OptionalInt wsPort) {
        StringBuilder b = new StringBuilder("# ").append(node.name()).append(" (").append(node.role().label())
                .append("): besu --config-file=config.toml --profile=ENTERPRISE, run from this directory\n");
        options(spec, node, wsPort).forEach((key, value) -> b.append(key).append('=').append(render(value)).append('\n'));
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static String render(Object value) {
        if (value instanceof String s) {
            return Toml.string(s);
        }
        if (value instanceof List<?> list) {
            return Toml.array((List<String>) list);
        }
        return value.toString();
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.");
    }
}
