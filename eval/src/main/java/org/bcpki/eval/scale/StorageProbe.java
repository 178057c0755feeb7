package org.bcpki.eval.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bcpki.chain.store.RetainedBytes;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;

/**
 * What the validator's data directory retains (chain-node's {@link RetainedBytes}: SQLite pages
 * and LevelDB state, never a journal) per empty block, per grant (registrar's request + 2 approvals,
 * sent for real) and per revocation (one authority's transaction), and its state at N. Grants and
 * revocations are net of the empty blocks that passed meanwhile.
 */
final class StorageProbe {
    static final String SECTION = "storage";

    private StorageProbe() {}

    /** A measurement at a known head: the head did not move while the directory was read. */
    private record At(long head, RetainedBytes bytes) {}

    static void run(ScaleChain chain, ScalePoint point, int grants, int emptyBlocks) throws Exception {
        At start = measure(chain);
        point.value(SECTION, ScaleMetrics.STATE_SIZE, "chain", "", 1, "bytes", start.bytes().state(),
                "validator's LevelDB state (tables + unflushed journal payload) at block " + start.head()
                        + " with N records from genesis");

        long target = start.head() + emptyBlocks;
        ScaleChain.await("block " + target, Duration.ofMinutes(2), () -> chain.head() >= target);
        At idle = measure(chain);
        long blocks = idle.head() - start.head();
        double perEmpty = idle.bytes().minus(start.bytes()).used() / (double) blocks;
        point.value(SECTION, ScaleMetrics.RETAINED_PER_EMPTY_BLOCK, "chain", "", 1, "bytes", perEmpty,
                "retained bytes over " + blocks + " blocks without transactions, divided by their number (SQLite grows by whole pages: "
                        + "short windows round)");

        List<SubjectId> granted = new ArrayList<>();
        At beforeGrants = measure(chain);
        for (int i = 0; i < grants; i++) {
            SubjectId subject = chain.subjects().spare(i);
            chain.grant(subject, Role.EMT);
            granted.add(subject);
        }
        At afterGrants = measure(chain);
        double grantBytes = net(beforeGrants, afterGrants, perEmpty) / grants;
        point.value(SECTION, ScaleMetrics.RETAINED_PER_GRANT, "chain", "", 1, "bytes", grantBytes,
                grants + " grants sent for real (EMT, ML-DSA-65 key in calldata: request + 2 approvals), minus "
                        + (afterGrants.head() - beforeGrants.head()) + " blocks x the empty-block figure; "
                        + breakdown(afterGrants, beforeGrants, grants, "grant"));

        At beforeRevocations = measure(chain);
        for (SubjectId subject : granted) {
            chain.revoke(subject);
        }
        At afterRevocations = measure(chain);
        double revocationBytes = net(beforeRevocations, afterRevocations, perEmpty) / granted.size();
        point.value(SECTION, ScaleMetrics.RETAINED_PER_REVOCATION, "chain", "", 1, "bytes", revocationBytes,
                granted.size() + " revocation transactions, minus " + (afterRevocations.head() - beforeRevocations.head())
                        + " blocks x the empty-block figure; " + breakdown(afterRevocations, beforeRevocations, granted.size(),
                        "revocation"));
    }

    /** Where the bytes went, gross (empty blocks included), so a reader can see what dominates. */
    private static String breakdown(At after, At before, int count, String what) {
        Map<String, Double> per = after.bytes().minus(before.bytes()).per(count);
        return String.format(Locale.ROOT, "gross per %s: blocks table %.0f B (of it transactions %.0f B), receipts %.0f B, "
                        + "tx index %.0f B, log index %.0f B, hash index %.0f B, state trie %.0f B", what,
                per.get("blocks"), per.get("transactionBytes"), per.get("receipts"), per.get("txIndex"),
                per.get("logIndex"), per.get("blockHashIndex"), per.get("state"));
    }

    private static double net(At before, At after, double perEmpty) {
        return after.bytes().minus(before.bytes()).used() - (after.head() - before.head()) * perEmpty;
    }

    /** Reads the data directory between two blocks (retried when a block was sealed meanwhile). */
    private static At measure(ScaleChain chain) {
        for (int attempt = 0; ; attempt++) {
            long head = chain.head();
            RetainedBytes bytes = RetainedBytes.of(chain.validatorData());
            if (chain.head() == head || attempt >= 20) {
                return new At(head, bytes);
            }
        }
    }
}
