package org.bcpki.gateway.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bcpki.core.io.PrivateFiles;
import org.bcpki.mirror.CheckResult;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.MirrorConfig;
import org.bcpki.mirror.MirrorSettings;
import org.bcpki.mirror.follow.SyncReport;
import org.bcpki.mirror.follow.TrustAnchorFile;
import org.bcpki.mirror.trust.BlockRef;
import org.bcpki.mirror.trust.TrustAnchor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --trust chain}: decides a claim with the mirror-client light client. A background thread
 * follows verified headers ({@link MirrorClient#sync}) every {@code syncEvery} and re-proves the
 * identities the gateway has asked about at each new block ({@link MirrorClient#refreshAll}), so a
 * reading usually finds its answer in the client's cache; {@link #verify} is
 * {@link MirrorClient#check} with the claim's subject, role and presented key. The light client fails
 * closed by itself: no verified block, a block older than its maxStaleness, or no honest endpoint
 * all give {@code STALE_VIEW}.
 *
 * <p>Evidence: {@code block <n> <hash>}, plus the client's detail when it gave one. The light client's
 * store lives in {@code <gateway store>/mirror}.
 */
public final class ChainVerifier implements IdentityVerifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainVerifier.class);
    public static final Duration DEFAULT_SYNC_EVERY = Duration.ofMillis(500);
    public static final String STORE_DIR = "mirror";

    private final MirrorClient client;
    private final ScheduledExecutorService syncer;
    private volatile String lastProblem;

    ChainVerifier(MirrorClient client, Duration syncEvery) {
        this.client = client;
        this.syncer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("chain-sync")
                .factory());
        syncRound();
        syncer.scheduleWithFixedDelay(this::syncRound, syncEvery.toMillis(), syncEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Starts the light client from the gateway's settings: anchor file, endpoints, registry, store. */
    public static ChainVerifier start(VerifierSettings settings) {
        return start(settings, MirrorSettings.defaults().withMaxStaleness(settings.maxStaleness()), DEFAULT_SYNC_EVERY);
    }

    public static ChainVerifier start(VerifierSettings settings, MirrorSettings mirror, Duration syncEvery) {
        if (settings.rpc().isEmpty() || settings.anchor() == null || settings.registry() == null) {
            throw new IllegalArgumentException("the chain verifier needs RPC endpoints, a trust anchor and the registry");
        }
        TrustAnchor anchor = TrustAnchorFile.read(settings.anchor()); // IllegalArgumentException when unusable
        Path store = settings.store().resolve(STORE_DIR);
        try {
            PrivateFiles.directory(settings.store());
            PrivateFiles.directory(store);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the light client's store in " + store, e);
        }
        MirrorConfig config = new MirrorConfig(anchor, settings.rpc(), store,
                settings.registry(), mirror);
        try {
            return new ChainVerifier(MirrorClient.open(config), syncEvery);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the light client's store in " + store, e);
        }
    }

    @Override
    public IdentityVerdict verify(IdentityClaim claim) {
        CheckResult result = client.check(claim.subject(), claim.role(), claim.presentedSpki());
        String block = result.blockHash() == null ? "no verified block"
                : "block " + result.blockNumber() + " " + result.blockHash().toHexString();
        String detail = result.detail() == null ? "" : "; " + result.detail();
        return new IdentityVerdict(result.decision(), block + detail + (result.fromCache() ? "" : "; proof "
                + result.proofBytes() + " bytes"));
    }

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public Optional<ViewStatus> viewStatus() {
        BlockRef block = client.decisionBlock();
        return block == null ? Optional.empty()
                : Optional.of(new ViewStatus(block.number(), block.hash().toHexString(),
                        Instant.ofEpochSecond(block.timestamp())));
    }

    /** The newest sync problem (null when the last round was complete), for logs and tests. */
    public String lastProblem() {
        return lastProblem;
    }

    /** The running light client, for other checks over the same verified view (e.g. an install's ReleaseView). */
    public MirrorClient client() {
        return client;
    }

    /**
     * The running light client behind {@code verifier} ({@code --trust chain}, or the chain side of
     * {@code both}), for other questions to the same verified view, such as a release's status:
     * empty when the gateway decides by X.509 only.
     */
    public static Optional<MirrorClient> lightClient(IdentityVerifier verifier) {
        if (verifier instanceof ChainVerifier chain) {
            return Optional.of(chain.client);
        }
        if (verifier instanceof DualVerifier dual) {
            return lightClient(dual.chain());
        }
        return Optional.empty();
    }

    private void syncRound() {
        try {
            SyncReport report = client.sync();
            String problem = report.complete() ? null : String.join("; ", report.failures());
            if (problem != null && !problem.equals(lastProblem)) {
                LOG.warn("chain sync incomplete: {}", problem);
            }
            lastProblem = problem;
            client.refreshAll();
        } catch (Exception e) { // never let the sync thread die; decisions fail closed as the view ages
            if (Thread.currentThread().isInterrupted()) {
                return; // the verifier is closing
            }
            String problem = e.toString();
            if (!problem.equals(lastProblem)) {
                LOG.warn("chain sync failed: {}", problem);
            }
            lastProblem = problem;
        }
    }

    @Override
    public void close() {
        syncer.shutdownNow();
        try {
            syncer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}
