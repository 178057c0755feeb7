package org.bcpki.chain.besu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeRole;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.network.RpcTokens;
import org.bcpki.chain.network.Toml;
import org.bcpki.chain.rpc.RpcOptions;
import org.bcpki.chain.tx.TransactionPoolOptions;

/**
 * A node's Besu configuration file ({@code besu --config-file=NAME/config.toml}), option names
 * exactly as Besu's command line spells them. Paths are relative to the node's directory, which
 * is Besu's working directory (the launcher and docker-compose both start it there).
 */
public final class BesuNodeConfig {
    /** A validator's JSON-RPC groups; QBFT, DEBUG and PERM answer only to a token (rpc-http-authentication-*). */
    public static final List<String> RPC_APIS = List.of("ETH", "NET", "WEB3", "QBFT", "DEBUG", "PERM");
    /** A mirror's public JSON-RPC: read-only ETH, NET and WEB3. */
    public static final List<String> MIRROR_RPC_APIS = List.of("ETH", "NET", "WEB3");
    /** The ETH, NET and WEB3 methods that only read (Besu's names), served to anyone without a token. */
    public static final List<String> READ_METHODS = List.of("web3_clientVersion", "web3_sha3", "net_version", "net_listening",
            "net_peerCount", "net_enode", "eth_chainId", "eth_syncing", "eth_blockNumber", "eth_gasPrice", "eth_maxPriorityFeePerGas",
            "eth_feeHistory", "eth_accounts", "eth_coinbase", "eth_mining", "eth_hashrate", "eth_protocolVersion",
            "eth_getBlockByNumber", "eth_getBlockByHash", "eth_getBlockReceipts", "eth_getBlockTransactionCountByNumber",
            "eth_getBlockTransactionCountByHash", "eth_getTransactionByHash", "eth_getTransactionByBlockHashAndIndex",
            "eth_getTransactionByBlockNumberAndIndex", "eth_getTransactionReceipt", "eth_getTransactionCount", "eth_getBalance",
            "eth_getCode", "eth_getStorageAt", "eth_getProof", "eth_call", "eth_estimateGas", "eth_createAccessList", "eth_getLogs",
            "eth_newFilter", "eth_newBlockFilter", "eth_newPendingTransactionFilter", "eth_getFilterChanges", "eth_getFilterLogs",
            "eth_uninstallFilter", "eth_subscribe", "eth_unsubscribe");
    /**
     * What a validator serves without a token besides {@link #READ_METHODS}: transactions (who may
     * transact is the accounts allowlist's and the contract's business) and the validator-set and
     * signer-statistics queries.
     */
    public static final List<String> VALIDATOR_PUBLIC_METHODS = List.of("eth_sendRawTransaction",
            "qbft_getValidatorsByBlockNumber", "qbft_getValidatorsByBlockHash", "qbft_getSignerMetrics",
            "qbft_getRequestTimeoutSeconds");
    /** rpc-gas-cap: no eth_call or eth_estimateGas run uses more (deploying the registry needs far less). */
    public static final long RPC_GAS_CAP = 10_000_000;
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
        boolean validator = node.role() == NodeRole.VALIDATOR;
        List<String> apis = validator ? RPC_APIS : MIRROR_RPC_APIS;
        List<String> noAuth = publicMethods(node.role());
        o.put("rpc-http-enabled", true);
        o.put("rpc-http-host", listen);
        o.put("rpc-http-port", (long) node.rpcPort());
        o.put("rpc-http-api", apis);
        // every other method (votes, debug, permissioning; a mirror's writes) needs a JWT signed by the network's key
        o.put("rpc-http-authentication-enabled", true);
        o.put("rpc-http-authentication-jwt-public-key-file", "../" + RpcTokens.PUBLIC_KEY);
        o.put("rpc-http-authentication-jwt-algorithm", RpcTokens.ALGORITHM);
        o.put("rpc-http-api-methods-no-auth", noAuth);
        if (wsPort.isPresent()) {
            o.put("rpc-ws-enabled", true);
            o.put("rpc-ws-host", listen);
            o.put("rpc-ws-port", (long) wsPort.getAsInt());
            o.put("rpc-ws-api", apis);
            o.put("rpc-ws-authentication-enabled", true);
            o.put("rpc-ws-authentication-jwt-public-key-file", "../" + RpcTokens.PUBLIC_KEY);
            o.put("rpc-ws-authentication-jwt-algorithm", RpcTokens.ALGORITHM);
            o.put("rpc-ws-api-methods-no-auth", noAuth);
        }
        if (node.metricsEnabled()) {
            // Prometheus /metrics (Besu's metrics-* options; the embedded node reads the same three)
            o.put("metrics-enabled", true);
            o.put("metrics-host", listen);
            o.put("metrics-port", (long) node.metricsPort());
        }
        o.put("host-allowlist", hostAllowlist(spec));
        o.put("rpc-gas-cap", RPC_GAS_CAP);
        o.put("rpc-http-max-batch-size", (long) RpcOptions.DEFAULT_MAX_BATCH_SIZE);
        o.put("rpc-max-logs-range", RpcOptions.DEFAULT_MAX_LOGS_RANGE);
        o.put("permissions-nodes-config-file-enabled", true);
        o.put("permissions-nodes-config-file", "../" + NetworkFiles.PERMISSIONS);
        // Besu warns about a file option whose feature is off: name the file only when the allowlist is used
        o.put("permissions-accounts-config-file-enabled", !spec.accountsAllowlist().isEmpty());
        if (!spec.accountsAllowlist().isEmpty()) {
            o.put("permissions-accounts-config-file", "../" + NetworkFiles.PERMISSIONS);
        }
        return o;
    }

    /** The methods a node of {@code role} serves without a token. */
    public static List<String> publicMethods(NodeRole role) {
        List<String> methods = new ArrayList<>(READ_METHODS);
        if (role == NodeRole.VALIDATOR) {
            methods.addAll(VALIDATOR_PUBLIC_METHODS);
        }
        return List.copyOf(methods);
    }

    /** The Host headers a node answers: its own loopback names and the hosts the network's nodes are reached under. */
    static List<String> hostAllowlist(NetworkSpec spec) {
        Set<String> hosts = new LinkedHashSet<>(RpcOptions.DEFAULT_HOST_ALLOWLIST);
        spec.nodes().forEach(n -> hosts.add(n.host()));
        return List.copyOf(hosts);
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
