package org.bcpki.chain.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bcpki.chain.net.Enode;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.Toml;
import org.bcpki.chain.rpc.FilterManager;
import org.bcpki.chain.rpc.RpcOptions;
import org.bcpki.chain.tx.TransactionPoolOptions;

/**
 * The options the embedded node takes from its {@code NAME/config.toml}, under Besu's names, read
 * in this one place. Three kinds of key:
 * <ul>
 * <li>{@link #SUPPORTED}: they take effect (permissioning, pool, JSON-RPC, CORS, metrics and logging options);</li>
 * <li>{@link #FOLLOWED}: what the node does anyway (its ports, paths and Besu profile settings come
 *     from network.json): silent when the value is the one {@code BesuNodeConfig} writes, reported
 *     as ignored when it was edited;</li>
 * <li>any other Besu option ({@link #besuOptions()}): reported as ignored, once, in one WARN line.</li>
 * </ul>
 * A key that is no Besu option is an error naming it. Missing options (or a missing file) keep the defaults.
 *
 * @param nodesFile Besu's permissions-nodes-config-file (default: the network's permissions_config.toml)
 * @param accountsFile Besu's permissions-accounts-config-file (the same default)
 * @param metrics metrics-enabled, metrics-host, metrics-port
 * @param logging the logging level, upper case (empty: the file does not set one)
 * @param ignored the keys reported as ignored, each with why
 */
public record NodeOptions(Optional<Boolean> accountsAllowlistEnabled, TransactionPoolOptions pool, boolean nodesAllowlistEnabled,
        List<Enode> bootnodes, Path nodesFile, Path accountsFile, RpcOptions rpc, Map<String, Object> filterConfig,
        NodeMetrics.Options metrics, Optional<String> logging, List<String> ignored) {

    /** Options that take effect in the embedded node. */
    public static final Set<String> SUPPORTED = Set.of("permissions-accounts-config-file-enabled",
            "permissions-nodes-config-file-enabled", "bootnodes", "tx-pool-max-size", "tx-pool-limit-by-account-percentage",
            "tx-pool-max-future-by-sender", "rpc-http-api", "host-allowlist", "rpc-http-authentication-enabled",
            "rpc-http-authentication-jwt-public-key-file", "rpc-http-authentication-jwt-algorithm",
            "rpc-http-api-methods-no-auth", "rpc-gas-cap", "rpc-http-max-batch-size", "rpc-max-logs-range",
            "rpc-http-cors-origins", "permissions-nodes-config-file", "permissions-accounts-config-file",
            "rpc-max-active-filters", "rpc-filter-timeout-seconds", "metrics-enabled", "metrics-host", "metrics-port", "logging");

    /** Options whose generated value is what the embedded node does by construction. */
    public static final Set<String> FOLLOWED = Set.of("data-path", "genesis-file", "node-private-key-file", "sync-mode",
            "data-storage-format", "min-gas-price", "revert-reason-enabled", "p2p-host", "p2p-interface", "p2p-port",
            "nat-method", "rpc-http-enabled", "rpc-http-host", "rpc-http-port");

    private static final String BESU_OPTIONS = "besu-options.txt";

    /** The defaults of a node (in {@code nodeDir}, within the network directory) without a config file. */
    static NodeOptions defaults(Path nodeDir) {
        Path permissions = defaultPermissions(nodeDir);
        return new NodeOptions(Optional.empty(), TransactionPoolOptions.DEFAULT, true, List.of(), permissions, permissions,
                RpcOptions.defaults(), Map.of(), NodeMetrics.Options.DISABLED, Optional.empty(), List.of());
    }

    private static Path defaultPermissions(Path nodeDir) {
        return nodeDir.toAbsolutePath().normalize().resolveSibling(NetworkFiles.PERMISSIONS);
    }

    /**
     * Reads {@code configFile}; {@code generated} holds the values the network's own files give the
     * {@link #FOLLOWED} keys (relative paths resolve against the file's directory).
     *
     * @throws IllegalArgumentException naming the file and the bad or unknown key
     */
    public static NodeOptions read(Path configFile, Map<String, Object> generated) throws IOException {
        Path nodeDir = configFile.toAbsolutePath().normalize().getParent();
        if (!Files.isRegularFile(configFile)) {
            return defaults(nodeDir);
        }
        try {
            Map<String, Object> toml = Toml.parse(Files.readString(configFile));
            List<String> ignored = new ArrayList<>();
            for (Map.Entry<String, Object> e : toml.entrySet()) {
                String key = e.getKey();
                if (SUPPORTED.contains(key)) {
                    continue;
                }
                if (FOLLOWED.contains(key)) {
                    Object expected = generated.get(key);
                    if (expected != null && !expected.equals(e.getValue())) {
                        ignored.add(key + " (this node uses " + expected + ")");
                    }
                } else if (besuOptions().contains(key)) {
                    ignored.add(key);
                } else {
                    throw new IllegalArgumentException("unknown option '" + key + "' (not a Besu option)");
                }
            }
            TransactionPoolOptions d = TransactionPoolOptions.DEFAULT;
            TransactionPoolOptions pool = new TransactionPoolOptions(
                    Math.toIntExact(number(toml, "tx-pool-max-size", d.maxSize()).longValue()),
                    number(toml, "tx-pool-limit-by-account-percentage", d.limitByAccountPercentage()).doubleValue(),
                    Math.toIntExact(number(toml, "tx-pool-max-future-by-sender", d.maxFutureBySender()).longValue()));
            Map<String, Object> filterConfig = new java.util.HashMap<>();
            for (String key : List.of("rpc-max-active-filters", "rpc-filter-timeout-seconds")) {
                if (toml.containsKey(key)) {
                    filterConfig.put(key, toml.get(key));
                }
            }
            FilterManager.fromConfig(filterConfig); // refuses bad values now, naming the key
            List<Enode> bootnodes = new ArrayList<>();
            for (String url : strings(toml, "bootnodes")) {
                bootnodes.add(Enode.parse(url));
            }
            return new NodeOptions(Optional.ofNullable(bool(toml, "permissions-accounts-config-file-enabled")), pool,
                    Optional.ofNullable(bool(toml, "permissions-nodes-config-file-enabled")).orElse(true), bootnodes,
                    path(toml, "permissions-nodes-config-file", nodeDir), path(toml, "permissions-accounts-config-file", nodeDir),
                    RpcOptions.fromConfig(toml, nodeDir), Map.copyOf(filterConfig), NodeMetrics.Options.fromConfig(toml),
                    logging(toml), List.copyOf(ignored));
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + ": " + e.getMessage(), e);
        }
    }

    /** The one WARN line that names the ignored keys, when there are any. */
    public Optional<String> ignoredReport() {
        return ignored.isEmpty() ? Optional.empty()
                : Optional.of("config.toml options the embedded node ignores: " + String.join(", ", ignored));
    }

    /** Every option name Besu's command line knows (the keys of a Besu config file). */
    public static Set<String> besuOptions() {
        return BesuOptionNames.ALL;
    }

    private static final class BesuOptionNames {
        static final Set<String> ALL = load();

        private static Set<String> load() {
            var in = NodeOptions.class.getResourceAsStream(BESU_OPTIONS);
            if (in == null) {
                throw new IllegalStateException("missing resource " + BESU_OPTIONS);
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return r.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toUnmodifiableSet());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Optional<String> logging(Map<String, Object> toml) {
        Object value = toml.get("logging");
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("logging must be a string");
        }
        try {
            return Optional.of(NodeLogging.parse(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("logging: " + e.getMessage(), e);
        }
    }

    private static Path path(Map<String, Object> toml, String key, Path nodeDir) {
        Object value = toml.get(key);
        if (value == null) {
            return defaultPermissions(nodeDir);
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(key + " must be a file name");
        }
        return nodeDir.resolve(s).normalize();
    }

    private static Boolean bool(Map<String, Object> toml, String key) {
        Object value = toml.get(key);
        if (value != null && !(value instanceof Boolean)) {
            throw new IllegalArgumentException(key + " must be true or false, not " + value);
        }
        return (Boolean) value;
    }

    private static List<String> strings(Map<String, Object> toml, String key) {
        Object value = toml.getOrDefault(key, List.of());
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(key + " must be a list of strings");
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static Number number(Map<String, Object> toml, String key, Number fallback) {
        Object value = toml.getOrDefault(key, fallback);
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException(key + " must be a number, not " + value);
        }
        return n;
    }
}
