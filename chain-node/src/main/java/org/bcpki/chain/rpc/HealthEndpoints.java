package org.bcpki.chain.rpc;

import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.Function;
import org.bcpki.chain.node.NodeServices;

/**
 * Besu's {@code GET /liveness} and {@code GET /readiness} on the JSON-RPC HTTP port: 200 with
 * {@code {"status" : "UP"}} or 503 with {@code "DOWN"}. Liveness is always up while the server
 * answers. Readiness needs at least {@code minPeers} peers (default 1) and, while syncing, at most
 * {@code maxBlocksBehind} blocks (default 2) behind the best known block; a parameter that is not a
 * number reports not ready. Like Besu they need no token (authentication covers only JSON-RPC) but
 * the Host header must pass {@code host-allowlist}.
 */
public final class HealthEndpoints {
    public static final String LIVENESS_PATH = "/liveness";
    public static final String READINESS_PATH = "/readiness";
    static final int DEFAULT_MIN_PEERS = 1;
    static final long DEFAULT_MAX_BLOCKS_BEHIND = 2;

    private HealthEndpoints() {}

    /** Adds both routes; {@code node} empty for a server without a node (always ready, as Besu's ALWAYS_HEALTHY). */
    static void register(RoutesConfig routes, Optional<NodeServices> node) {
        routes.get(LIVENESS_PATH, ctx -> answer(ctx, true));
        routes.get(READINESS_PATH, ctx -> answer(ctx,
                node.map(n -> ready(n.peerCount(), n.syncing(), ctx::queryParam)).orElse(true)));
    }

    /** Besu's ReadinessCheck: enough peers, and not too far behind while syncing. */
    static boolean ready(int peers, Optional<NodeServices.SyncStatus> syncing, Function<String, String> params) {
        Long minPeers = number(params.apply("minPeers"), DEFAULT_MIN_PEERS);
        if (minPeers == null || peers < minPeers) {
            return false;
        }
        if (syncing.isEmpty()) {
            return true;
        }
        Long maxBehind = number(params.apply("maxBlocksBehind"), DEFAULT_MAX_BLOCKS_BEHIND);
        return maxBehind != null && syncing.get().highestBlock() - syncing.get().currentBlock() <= maxBehind;
    }

    /** The parameter's value, the default when absent, null when it is not a number. */
    private static Long number(String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void answer(Context ctx, boolean healthy) {
        ctx.status(healthy ? 200 : 503).contentType(ContentType.APPLICATION_JSON)
                .result("{\n  \"status\" : \"" + (healthy ? "UP" : "DOWN") + "\"\n}");
    }
}
