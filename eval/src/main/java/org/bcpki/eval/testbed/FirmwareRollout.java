package org.bcpki.eval.testbed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseBundleJson;
import org.bcpki.gateway.install.ImageDownloader;
import org.bcpki.gateway.install.InstallReason;
import org.bcpki.gateway.install.InstallResult;
import org.bcpki.gateway.install.Installer;
import org.bcpki.gateway.install.ReleaseView;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.trust.BlockRef;

/**
 * A firmware release's way to one gateway, as the demo and the evaluation time it: the approvers
 * countersign, the gateway fetches the image from the bundle's (untrusted) URI and installs it
 * through gateway-adapter's {@link Installer} over its running light client once its verified view
 * holds the approval; after a revocation, the next attempt is refused once the view holds that.
 * The gateway is never asked before its view reached the block in question, so a refused attempt
 * means a wrong answer, not impatience.
 */
public final class FirmwareRollout implements AutoCloseable {
    private final Testbed bed;
    private final SoftwareReleases releases;
    private final MirrorClient client;
    private final Installer installer;
    private final ImageDownloader downloader = ImageDownloader.withDefaults();
    private final Duration timeout;

    /** An outcome at the gateway, how long after the authority's request it came, and the bytes moved for it. */
    public record Propagation(InstallResult result, double millis, long blocks, long bytes) {}

    /** @param storeDir the gateway's store directory: accepted images go to its {@code installs/} */
    public FirmwareRollout(Testbed bed, MirrorClient client, GatewayStore store, Path storeDir, Duration timeout)
            throws Exception {
        this.bed = bed;
        this.releases = bed.releases();
        this.client = client;
        this.installer = new Installer(store, storeDir, bed.softwareRegistry(), bed.grantThreshold(),
                ReleaseView.of(client, bed.softwareRegistry()));
        this.timeout = timeout;
    }

    public SoftwareReleases releases() {
        return releases;
    }

    /** Every approver but the last countersigns and votes; returns the bundle as the last one receives it. */
    public ReleaseBundle approveAllButLast(ReleaseBundle filed) throws Exception {
        ReleaseBundle bundle = filed;
        List<Integer> approvers = Testbed.RELEASE_APPROVERS;
        for (int index : approvers.subList(0, approvers.size() - 1)) {
            bundle = releases.approve(index, bundle).bundle();
        }
        return bundle;
    }

    /**
     * The last approver's request, timed from its start to the gateway's install: the vote that
     * approves, the image fetched, the light client's view reaching the vote's block, the install.
     */
    public Propagation approveAndInstall(ReleaseBundle bundle) throws Exception {
        long startBlock = bed.blockNumber();
        long wireBefore = client.pool().bytesReceived();
        long t0 = System.nanoTime();
        SoftwareReleases.Approval approval = releases.approve(Testbed.RELEASE_APPROVERS.getLast(), bundle);
        if (!approval.status().equals("APPROVED")) {
            throw new IllegalStateException("the release is " + approval.status() + " after every approver voted");
        }
        awaitView(approval.block());
        ImageDownloader.Download download = downloader.download(); // from the bundle's uri hint, as the gateway does
        InstallResult result = installer.install(download, ReleaseBundleJson.write(approval.bundle()), null);
        double ms = (System.nanoTime() - t0) / 1e6;
        expect(result, InstallReason.INSTALLED);
        return new Propagation(result, ms, result.block() - startBlock,
                approval.bytes() + download.bytesFetched() + client.pool().bytesReceived() - wireBefore);
    }

    /** An operator's revocation at {@code authority}, timed to the gateway's next attempt being refused REVOKED. */
    public Propagation revokeAndRefuse(int authority, InstallResult installed, String reason) throws Exception {
        Path stored = installed.installed();
        byte[] bundle = Files.readAllBytes(stored.resolve(Installer.BUNDLE_FILE));
        long startBlock = bed.blockNumber();
        long wireBefore = client.pool().bytesReceived();
        long t0 = System.nanoTime();
        SoftwareReleases.Revocation revocation = releases.revoke(authority, ReleaseBundleJson.parse(bundle).releaseId(), reason);
        awaitView(revocation.block());
        InstallResult result = installer.install(stored.resolve(Installer.IMAGE_FILE), bundle);
        double ms = (System.nanoTime() - t0) / 1e6;
        expect(result, InstallReason.REVOKED);
        return new Propagation(result, ms, result.block() - startBlock,
                revocation.bytes() + client.pool().bytesReceived() - wireBefore);
    }

    /** Polls the light client's verified view until it holds {@code block}. */
    private void awaitView(long block) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            BlockRef view = client.decisionBlock();
            if (view != null && view.number() >= block) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway's light client did not reach block " + block + " within "
                        + timeout.toSeconds() + " s (at " + (view == null ? "none" : view.number()) + ")");
            }
            Thread.sleep(10);
        }
    }

    private static void expect(InstallResult result, InstallReason wanted) {
        if (result.reason() != wanted) {
            throw new IllegalStateException("the gateway's install of " + result.releaseId() + " ended " + result.reason()
                    + ", expected " + wanted + ": " + result.detail());
        }
    }

    @Override
    public void close() {
        downloader.close();
    }
}
