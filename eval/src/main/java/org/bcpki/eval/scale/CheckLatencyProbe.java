package org.bcpki.eval.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.contracts.RegistryOperations.TxOutcome;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.eval.testbed.Testbed;
import org.bcpki.eval.testbed.WorkDirs;
import org.bcpki.mirror.CheckResult;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.MirrorConfig;
import org.bcpki.mirror.follow.HeaderStore;
import org.bcpki.mirror.follow.SyncReport;
import org.bcpki.mirror.trust.TrustAnchor;

/**
 * The gateway's light client (mirror-client's {@link MirrorClient}, anchored at genesis, following
 * the mirror process over HTTP) checking fixture subjects: cold (not in its cache: proof fetched and
 * verified), warm (answered from the cache at the same block), and the refresh of 10 tracked
 * identities after a block in which the registry changed (a real revocation transaction each round).
 */
final class CheckLatencyProbe {
    static final String SECTION = ProofSizeProbe.SECTION;
    static final int TRACKED = 10;

    private CheckLatencyProbe() {}

    static MirrorClient client(ScaleChain chain, Path store, String registry) throws IOException {
        TrustAnchor anchor = Testbed.genesisAnchor(chain.mirrorUrl(), ScaleChain.CHAIN_ID,
                chain.spec().genesisValidators(), chain.spec().epochLength());
        return MirrorClient.open(MirrorConfig.of(anchor, chain.mirrorUrl()).withStore(store)
                .withRegistry(registry == null ? null : Address.fromHex(registry)));
    }

    static void syncToHead(MirrorClient client, ScaleChain chain, long atLeast) throws IOException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            SyncReport report = client.sync();
            if (!report.complete()) {
                throw new IOException("light client sync failed: " + report.failures());
            }
            if (report.toNumber() >= atLeast) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("light client did not reach block " + atLeast + " (at " + report.toNumber() + ")");
            }
            ScaleChain.await("the mirror past block " + report.toNumber(), java.time.Duration.ofMinutes(1),
                    () -> chain.mirrorHeight() > report.toNumber());
        }
    }

    /** Cold then warm check of each subject (the client synced before each pair, outside the timing). */
    static void coldAndWarm(ScaleChain chain, ScalePoint point, List<SubjectId> subjects) throws IOException {
        Path store = Files.createTempDirectory(chain.dir(), "light-client");
        try (MirrorClient client = client(chain, store, chain.registry())) {
            syncToHead(client, chain, 1);
            List<Double> cold = new ArrayList<>();
            List<Double> warm = new ArrayList<>();
            for (SubjectId subject : subjects) {
                client.sync();
                long t0 = System.nanoTime();
                CheckResult first = client.check(subject, Role.METER, null);
                long t1 = System.nanoTime();
                CheckResult second = client.check(subject, Role.METER, null);
                long t2 = System.nanoTime();
                if (first.decision() == Decision.STALE_VIEW) {
                    throw new IllegalStateException("the light client had no fresh view: " + first.detail());
                }
                if (first.fromCache() || first.proofBytes() == 0) {
                    throw new IllegalStateException("a first check of " + subject.toHex() + " was not cold: " + first);
                }
                cold.add((t1 - t0) / 1e6);
                if (second.fromCache() && second.proofBytes() == 0 && second.blockNumber() == first.blockNumber()) {
                    warm.add((t2 - t1) / 1e6);
                }
            }
            String note = subjects.size() + " subjects (granted, revoked, expired, unknown); the light client in the eval JVM,"
                    + " the mirror in its own process, loopback HTTP";
            point.distribution(SECTION, ScaleMetrics.COLD_CHECK_LATENCY, "chain", "1-slot", 1, "ms", ScalePoint.toArray(cold),
                    "MirrorClient.check of a subject not in its cache: eth_getProof + verification; " + note);
            if (!warm.isEmpty()) {
                point.distribution(SECTION, ScaleMetrics.WARM_CHECK_LATENCY, "chain", "1-slot", 1, "ms",
                        ScalePoint.toArray(warm), "the same check again at the same block (cache hit); " + note);
            }
        } finally {
            WorkDirs.deleteTree(store);
        }
    }

    /**
     * {@value #TRACKED} identities tracked; each round a revocation transaction of another subject
     * changes the registry, the client syncs to that block, and {@code refreshAll} re-proves the
     * identities: its time and the bytes it fetched.
     */
    static void newBlockRefresh(ScaleChain chain, ScalePoint point, List<SubjectId> tracked, List<SubjectId> toRevoke)
            throws Exception {
        Path store = Files.createTempDirectory(chain.dir(), "light-client");
        try (MirrorClient client = client(chain, store, chain.registry())) {
            syncToHead(client, chain, 1);
            for (SubjectId subject : tracked) {
                client.check(subject, Role.METER, null);
            }
            List<Double> millis = new ArrayList<>();
            List<Double> bytes = new ArrayList<>();
            int reproved = 0;
            for (SubjectId victim : toRevoke) {
                TxOutcome revoked = chain.revoke(victim);
                chain.awaitMirrorAt(revoked.blockNumber());
                syncToHead(client, chain, revoked.blockNumber());
                long before = client.pool().bytesReceived();
                long t0 = System.nanoTime();
                int refreshed = client.refreshAll();
                long t1 = System.nanoTime();
                millis.add((t1 - t0) / 1e6);
                bytes.add((double) (client.pool().bytesReceived() - before));
                reproved += refreshed;
            }
            String note = tracked.size() + " identities re-proven after each of " + toRevoke.size()
                    + " blocks holding a revocation transaction (" + reproved + " proofs in all); refreshAll batches "
                    + "their eth_getProof calls";
            point.distribution(SECTION, ScaleMetrics.NEW_BLOCK_REFRESH_LATENCY, "chain", "1-slot", 1, "ms",
                    ScalePoint.toArray(millis), note);
            point.distribution(SECTION, ScaleMetrics.NEW_BLOCK_REFRESH_BYTES, "chain", "1-slot", 1, "bytes",
                    ScalePoint.toArray(bytes), note + "; JSON bytes received");
        } finally {
            WorkDirs.deleteTree(store);
        }
    }

    /** A new client from genesis to the head, headers only: rate, bytes per header, header store size. */
    static void headerSync(ScaleChain chain, ScalePoint point) throws IOException {
        Path store = Files.createTempDirectory(chain.dir(), "header-sync");
        try (MirrorClient client = client(chain, store, null)) {
            long t0 = System.nanoTime();
            SyncReport report = client.sync();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!report.complete() || report.headersVerified() == 0) {
                throw new IOException("header sync from genesis failed: " + report.failures());
            }
            String note = "a new light client from genesis to block " + report.toNumber() + " over HTTP from the mirror process";
            String section = "header sync";
            point.value(section, ScaleMetrics.HEADER_SYNC_RATE, "chain", "", 1, "headers/s",
                    report.headersVerified() / seconds, note);
            point.value(section, ScaleMetrics.HEADER_BYTES, "chain", "", 1, "bytes",
                    client.pool().bytesReceived() / (double) report.headersVerified(), note + "; JSON bytes received");
            point.value(section, ScaleMetrics.HEADER_STORE_SIZE, "chain", "", 1, "bytes",
                    Files.size(store.resolve(HeaderStore.FILE_NAME)), "bounded window; " + note);
        } finally {
            WorkDirs.deleteTree(store);
        }
    }
}
