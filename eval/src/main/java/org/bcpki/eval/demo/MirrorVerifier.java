package org.bcpki.eval.demo;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bcpki.gateway.identity.IdentityClaim;
import org.bcpki.gateway.identity.IdentityVerdict;
import org.bcpki.gateway.identity.IdentityVerifier;
import org.bcpki.gateway.identity.ViewStatus;
import org.bcpki.mirror.BlockRef;
import org.bcpki.mirror.CheckResult;
import org.bcpki.mirror.MirrorClient;

/**
 * The gateway's chain verifier for the demo and the evaluation: the light client decides, a
 * background thread keeps its verified header window current (every {@code syncMillis}).
 * gateway-adapter's own ChainVerifier (branch gw-int) does the same job for {@code gateway run};
 * this one exposes the light client and its byte counts, which the measurements need.
 */
public final class MirrorVerifier implements IdentityVerifier, AutoCloseable {
    private final MirrorClient client;
    private final ScheduledExecutorService syncer;
    private final AtomicLong proofBytes = new AtomicLong();
    private volatile String lastSyncProblem = "";

    public MirrorVerifier(MirrorClient client, long syncMillis) {
        this.client = client;
        this.syncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mirror-sync");
            t.setDaemon(true);
            return t;
        });
        syncer.scheduleWithFixedDelay(this::syncQuietly, 0, syncMillis, TimeUnit.MILLISECONDS);
    }

    private void syncQuietly() {
        try {
            client.sync();
            lastSyncProblem = "";
        } catch (Exception e) {
            lastSyncProblem = String.valueOf(e.getMessage());
        }
    }

    public MirrorClient client() {
        return client;
    }

    /** Bytes of proofs fetched for decisions so far. */
    public long proofBytes() {
        return proofBytes.get();
    }

    public String lastSyncProblem() {
        return lastSyncProblem;
    }

    public CheckResult check(IdentityClaim claim) {
        CheckResult result = client.check(claim.subject(), claim.role(), claim.presentedSpki());
        proofBytes.addAndGet(result.proofBytes());
        return result;
    }

    @Override
    public IdentityVerdict verify(IdentityClaim claim) {
        CheckResult result = check(claim);
        String evidence = result.blockHash() == null ? "no verified block: " + result.detail()
                : "block " + result.blockNumber() + " " + result.blockHash().toHexString()
                        + (result.detail() == null || result.detail().isEmpty() ? "" : " " + result.detail());
        return new IdentityVerdict(result.decision(), evidence);
    }

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public Optional<ViewStatus> viewStatus() {
        BlockRef block = client.decisionBlock();
        return block == null ? Optional.empty()
                : Optional.of(new ViewStatus(block.number(), block.hash().toHexString(), Instant.ofEpochSecond(block.timestamp())));
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
