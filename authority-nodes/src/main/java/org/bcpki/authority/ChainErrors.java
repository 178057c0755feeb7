package org.bcpki.authority;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.bcpki.contracts.RegistryRejectedException;

/**
 * Whether a failed transaction is worth sending again (finding 6). Permanent: the registry
 * reverted (a custom error, or any revert), or the node refused the transaction itself for a
 * reason no retry changes (wrong chain id, bad signature, gas beyond the block limit). Everything
 * else is temporary: the node unreachable or timing out, a full pool, a nonce race, "Known
 * transaction", no receipt yet, a sender not (yet) permitted. The messages are Besu's
 * (JSON-RPC errors of eth_sendRawTransaction), which chain-node repeats.
 */
final class ChainErrors {
    private static final List<String> PERMANENT_NODE_REFUSALS = List.of("invalid params", "invalid transaction type",
            "invalid signature", "wrong chainid", "intrinsic gas exceeds gas limit", "exceeds block gas limit",
            "initcode size exceeds", "max priority fee per gas exceeds max fee per gas");
    static final long FIRST_BACKOFF_SECONDS = 1;
    static final long MAX_BACKOFF_SECONDS = 300;

    private ChainErrors() {}

    static boolean isTransient(Exception e) {
        String message = lower(e.getMessage());
        if (e instanceof RegistryRejectedException rejected) {
            // Only a revert is the registry's answer; a receipt that never came is the node's problem.
            if (rejected.revert().isPresent() || message.contains("revert")) {
                return false;
            }
        } else if (e instanceof IOException) {
            return true;
        }
        return PERMANENT_NODE_REFUSALS.stream().noneMatch(message::contains);
    }

    /** Seconds to wait after {@code attempts} failures so far: 1, 2, 4, … capped at 5 minutes. */
    static long backoffSeconds(int attempts) {
        return Math.min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS << Math.min(Math.max(attempts, 0), 16));
    }

    /** A one-line description of the failure for logs, the API and health. */
    static String describe(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    private static String lower(String message) {
        return message == null ? "" : message.toLowerCase(Locale.ROOT);
    }
}
