package org.bcpki.chain.rpc;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node's JSON-RPC settings under Besu's option names ({@code rpc-http-api},
 * {@code host-allowlist}, {@code rpc-http-authentication-*}, {@code rpc-http-api-methods-no-auth},
 * {@code rpc-gas-cap}, {@code rpc-http-max-batch-size}, {@code rpc-max-logs-range}) with Besu's
 * defaults. The embedded engine serves WebSocket on the HTTP port, so these settings cover both.
 *
 * @param gasCap Besu's {@code rpc-gas-cap}; 0 (Besu's default, "no cap") still stops at {@link #DEFAULT_GAS_CEILING}
 * @param maxResponseBytes cap on one response (single or batch) in bytes; not a Besu option (geth's
 *     {@code rpc.batch-response-max-size} idea), so it is never read from a config file
 * @param requestGasCalls the EVM gas one request (single or whole batch) may execute, in multiples of the
 *     per-call cap; not a Besu option either
 * @param corsOrigins Besu's {@code rpc-http-cors-origins} (see {@link CorsPolicy}); empty refuses every Origin, as Besu
 */
public record RpcOptions(
        Set<String> apis,
        List<String> hostAllowlist,
        boolean authenticationEnabled,
        Optional<Path> jwtPublicKeyFile,
        String jwtAlgorithm,
        Set<String> methodsNoAuth,
        long gasCap,
        int maxBatchSize,
        long maxLogsRange,
        long maxResponseBytes,
        int requestGasCalls,
        List<String> corsOrigins) {

    /** Besu's RpcApis names. */
    public static final Set<String> KNOWN_APIS = Set.of("ADMIN", "CLIQUE", "DEBUG", "EEA", "ENGINE", "ETH", "IBFT", "MINER",
            "NET", "PERM", "PLUGINS", "PRIV", "QBFT", "TRACE", "TXPOOL", "WEB3");
    public static final List<String> DEFAULT_APIS = List.of("ETH", "NET", "WEB3");
    public static final List<String> DEFAULT_HOST_ALLOWLIST = List.of("localhost", "127.0.0.1");
    public static final List<String> JWT_ALGORITHMS = List.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512");
    /** The embedded engine's own ceiling when rpc-gas-cap is 0: a call never runs more than this. */
    public static final long DEFAULT_GAS_CEILING = 50_000_000;
    public static final int DEFAULT_MAX_BATCH_SIZE = 1024;
    public static final long DEFAULT_MAX_LOGS_RANGE = 5000;
    /** geth's default for rpc.batch-response-max-size. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 25_000_000;
    public static final int DEFAULT_REQUEST_GAS_CALLS = 10;

    public RpcOptions {
        apis = Set.copyOf(apis);
        hostAllowlist = List.copyOf(hostAllowlist);
        methodsNoAuth = Set.copyOf(methodsNoAuth);
        corsOrigins = CorsPolicy.normalise(corsOrigins);
        if (authenticationEnabled && jwtPublicKeyFile.isEmpty()) {
            throw new IllegalArgumentException("rpc-http-authentication-enabled needs rpc-http-authentication-jwt-public-key-file");
        }
        if (!JWT_ALGORITHMS.contains(jwtAlgorithm)) {
            throw new IllegalArgumentException("rpc-http-authentication-jwt-algorithm must be one of " + JWT_ALGORITHMS + ", not " + jwtAlgorithm);
        }
        if (gasCap < 0 || maxBatchSize < 1 || maxLogsRange < 0 || maxResponseBytes < 1 || requestGasCalls < 1) {
            throw new IllegalArgumentException("RPC limits must be positive (rpc-gas-cap, rpc-http-max-batch-size, rpc-max-logs-range)");
        }
    }

    /** Besu's defaults: ETH, NET, WEB3 for localhost, no authentication. */
    public static RpcOptions defaults() {
        return new RpcOptions(Set.copyOf(DEFAULT_APIS), DEFAULT_HOST_ALLOWLIST, false, Optional.empty(), "RS256", Set.of(), 0,
                DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_LOGS_RANGE, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_GAS_CALLS, List.of());
    }

    /** The options of a Besu config file (parsed by {@code Toml}); relative paths resolve against {@code baseDir}. */
    public static RpcOptions fromConfig(Map<String, Object> config, Path baseDir) {
        RpcOptions d = defaults();
        Set<String> apis = new LinkedHashSet<>();
        for (String api : strings(config, "rpc-http-api", DEFAULT_APIS)) {
            String upper = api.toUpperCase(Locale.ROOT);
            if (!KNOWN_APIS.contains(upper)) {
                throw new IllegalArgumentException("rpc-http-api: unknown API " + api);
            }
            apis.add(upper);
        }
        Optional<Path> keyFile = Optional.ofNullable(config.get("rpc-http-authentication-jwt-public-key-file"))
                .map(v -> baseDir.resolve(string("rpc-http-authentication-jwt-public-key-file", v)).normalize());
        return new RpcOptions(apis, strings(config, "host-allowlist", DEFAULT_HOST_ALLOWLIST),
                bool(config, "rpc-http-authentication-enabled", false), keyFile,
                string("rpc-http-authentication-jwt-algorithm", config.getOrDefault("rpc-http-authentication-jwt-algorithm", "RS256")),
                new LinkedHashSet<>(strings(config, "rpc-http-api-methods-no-auth", List.of())),
                number(config, "rpc-gas-cap", 0), Math.toIntExact(number(config, "rpc-http-max-batch-size", DEFAULT_MAX_BATCH_SIZE)),
                number(config, "rpc-max-logs-range", DEFAULT_MAX_LOGS_RANGE), d.maxResponseBytes(), d.requestGasCalls(),
                strings(config, "rpc-http-cors-origins", List.of()));
    }

    /** The gas one eth_call / eth_estimateGas run may use: rpc-gas-cap (or the ceiling), never above the block gas limit. */
    public long effectiveGasCap(long blockGasLimit) {
        return Math.min(gasCap > 0 ? gasCap : DEFAULT_GAS_CEILING, blockGasLimit);
    }

    public boolean apiEnabled(String method) {
        int underscore = method.indexOf('_');
        return underscore > 0 && apis.contains(method.substring(0, underscore).toUpperCase(Locale.ROOT));
    }

    public CorsPolicy cors() {
        return CorsPolicy.of(corsOrigins);
    }

    public boolean hostAllowed(String host) {
        return hostAllowlist.contains("*") || hostAllowlist.stream().anyMatch(h -> h.equalsIgnoreCase(host));
    }

    public RpcOptions withGasCap(long cap) {
        return new RpcOptions(apis, hostAllowlist, authenticationEnabled, jwtPublicKeyFile, jwtAlgorithm, methodsNoAuth, cap,
                maxBatchSize, maxLogsRange, maxResponseBytes, requestGasCalls, corsOrigins);
    }

    public RpcOptions withMaxResponseBytes(long bytes) {
        return new RpcOptions(apis, hostAllowlist, authenticationEnabled, jwtPublicKeyFile, jwtAlgorithm, methodsNoAuth, gasCap,
                maxBatchSize, maxLogsRange, bytes, requestGasCalls, corsOrigins);
    }

    private static List<String> strings(Map<String, Object> config, String key, List<String> fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(key + " must be a list of strings");
        }
        return list.stream().map(v -> string(key, v)).toList();
    }

    private static String string(String key, Object value) {
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        return s;
    }

    private static boolean bool(Map<String, Object> config, String key, boolean fallback) {
        Object value = config.getOrDefault(key, fallback);
        if (!(value instanceof Boolean b)) {
            throw new IllegalArgumentException(key + " must be true or false");
        }
        return b;
    }

    private static long number(Map<String, Object> config, String key, long fallback) {
        Object value = config.getOrDefault(key, fallback);
        if (!(value instanceof Long n)) {
            throw new IllegalArgumentException(key + " must be a number");
        }
        return n;
    }
}
