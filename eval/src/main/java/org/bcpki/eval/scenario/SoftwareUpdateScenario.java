package org.bcpki.eval.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.bcpki.core.release.DeviceType;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseBundleJson;
import org.bcpki.eval.Environment;
import org.bcpki.eval.EvalResults;
import org.bcpki.eval.Metric;
import org.bcpki.eval.Summary;
import org.bcpki.eval.testbed.CodeSigningRollout;
import org.bcpki.eval.testbed.FirmwareRollout;
import org.bcpki.eval.testbed.FirmwareServer;
import org.bcpki.eval.testbed.Testbed;
import org.bcpki.eval.testbed.WorkDirs;
import org.bcpki.gateway.install.InstallReason;
import org.bcpki.gateway.install.InstallResult;
import org.bcpki.gateway.install.Installer;
import org.bcpki.gateway.install.ReleaseView;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.follow.SyncReport;

/**
 * Software updates (issue #20), per release of a meter firmware: the last approver's request to the
 * first install at the gateway, and an operator's revocation to the first refusal (ms and blocks),
 * through the real path (authority services' {@code POST /v1/releases}, the image over HTTP,
 * gateway-adapter's Installer over the Lab's light client); and the bytes a gateway's light client
 * fetches for one update check, by a second light client that syncs only for its checks. The same releases
 * (device type, version, image) then go through the X.509 code-signing profile ({@link CodeSigningRollout},
 * rows by {@link CodeSigningRows}).
 */
public final class SoftwareUpdateScenario implements Scenario {
    static final String SECTION = "Software updates";
    static final DeviceType DEVICE_TYPE = DeviceType.of("ACME-E350-eval");
    private static final int IMAGE_BYTES = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String name() {
        return "software-update";
    }

    @Override
    public int steps(EvalContext context) {
        return count(context);
    }

    static int count(EvalContext context) {
        return context.quick() ? 2 : 5;
    }

    /** Per release: the two propagation times and the update check's bytes. */
    private record Samples(double[] approvalMs, double[] approvalBlocks, double[] revocationMs, double[] revocationBlocks,
            double[] checkBytes, double[] proofBytes, double[] headers, double[] bundleBytes) {
        Samples(int n) {
            this(new double[n], new double[n], new double[n], new double[n], new double[n], new double[n], new double[n],
                    new double[n]);
        }
    }

    @Override
    public void run(EvalContext context, EvalResults results) throws Exception {
        Lab lab = context.lab();
        Testbed bed = lab.bed();
        double load = Environment.loadAverageNow();
        int n = count(context);
        Samples samples = new Samples(n);
        CodeSigningRows x509 = new CodeSigningRows(n);
        SecureRandom random = new SecureRandom();
        Path dir = Files.createTempDirectory("bcpki-eval-updates");
        Path gatewayDir = dir.resolve("gateway");
        Path checkerDir = dir.resolve("checker");
        try (GatewayStore gateway = GatewayStore.open(gatewayDir); GatewayStore checkerStore = GatewayStore.open(checkerDir);
                MirrorClient checker = bed.newMirrorClient(checkerDir.resolve("mirror"));
                FirmwareServer server = FirmwareServer.start();
                FirmwareRollout rollout = new FirmwareRollout(bed, lab.gateway().client(), gateway, gatewayDir, TIMEOUT);
                CodeSigningRollout codeSigning = CodeSigningRollout.start(bed.pki(), server,
                        DeviceType.of(DEVICE_TYPE.name() + "-warmup"))) {
            Installer checkerInstaller = new Installer(checkerStore, checkerDir, bed.softwareRegistry(), bed.grantThreshold(),
                    ReleaseView.of(checker, bed.softwareRegistry()));
            checker.sync(); // caught up once; from then on each check syncs only what is new
            for (int i = 0; i < n; i++) {
                context.progress().step("software update: release " + (i + 1));
                byte[] image = new byte[IMAGE_BYTES];
                random.nextBytes(image);
                String url = server.publish("eval/" + (i + 1) + ".bin", image);
                ReleaseBundle filed = rollout.releases().file(DEVICE_TYPE, i + 1, image, url);
                FirmwareRollout.Propagation installed = rollout.approveAndInstall(rollout.approveAllButLast(filed));
                samples.approvalMs[i] = installed.millis();
                samples.approvalBlocks[i] = installed.blocks();
                updateCheck(checker, checkerInstaller, installed.result(), samples, i);
                FirmwareRollout.Propagation refused = rollout.revokeAndRefuse(0, installed.result(), "eval: vulnerable");
                samples.revocationMs[i] = refused.millis();
                samples.revocationBlocks[i] = refused.blocks();
                // The same release through the X.509 code-signing profile: same device type, version and image.
                CodeSigningRollout.Approval approved = codeSigning.publishAndCheck(DEVICE_TYPE, i + 1, image);
                x509.add(i, approved, codeSigning.revokeAndRefuse(approved));
                context.progress().advance();
            }
        } finally {
            WorkDirs.deleteTree(dir);
        }
        addChainRows(results, samples, context, load);
        x509.addRows(results, bed.pki().settings(), Summary.of(samples.bundleBytes()).p50(), load);
    }

    /**
     * One update check by a gateway that syncs only for it: the headers since its last check, then the
     * install decision (release proof, approvers' grants). Bytes are JSON-RPC bodies as received.
     */
    private static void updateCheck(MirrorClient checker, Installer installer, InstallResult installed, Samples samples, int i)
            throws Exception {
        long before = checker.pool().bytesReceived();
        SyncReport sync = checker.sync();
        long synced = checker.pool().bytesReceived();
        byte[] bundle = Files.readAllBytes(installed.installed().resolve(Installer.BUNDLE_FILE));
        InstallResult checked = installer.install(installed.installed().resolve(Installer.IMAGE_FILE), bundle);
        if (checked.reason() != InstallReason.INSTALLED) {
            throw new IllegalStateException("the checking gateway refused " + ReleaseBundleJson.parse(bundle).releaseId()
                    + ": " + checked.reason() + " " + checked.detail());
        }
        long after = checker.pool().bytesReceived();
        samples.checkBytes[i] = after - before;
        samples.proofBytes[i] = after - synced;
        samples.headers[i] = sync.headersVerified();
        samples.bundleBytes[i] = bundle.length;
    }

    private static void addChainRows(EvalResults results, Samples s, EvalContext context, double load) {
        String where = IssuanceScenario.join(String.format("k = 2 (PTB, GWA-Nord countersign through POST /v1/releases), 1 s blocks, "
                + "light client syncing every 100 ms; load average %.2f at the start", load), context.embeddedNote());
        results.add(Metric.distribution(SECTION, "update approval to first install", "chain", "ms", Summary.of(s.approvalMs()),
                "last approver's request (check, countersign, vote mined) -> image fetched over HTTP -> light client verifies "
                        + "the block -> Installer accepts; " + where));
        results.add(Metric.distribution(SECTION, "blocks from update approval to first install", "chain", "blocks",
                Summary.of(s.approvalBlocks()), where));
        results.add(Metric.distribution(SECTION, "release revocation to first refusal", "chain", "ms", Summary.of(s.revocationMs()),
                "operator's POST /v1/releases/{id}/revocation at PTB (r = 1) -> light client verifies the block -> "
                        + "Installer refuses REVOKED; " + where));
        results.add(Metric.distribution(SECTION, "blocks from release revocation to first refusal", "chain", "blocks",
                Summary.of(s.revocationBlocks()), where));
        Summary headers = Summary.of(s.headers());
        results.add(Metric.distribution(SECTION, "bytes fetched per update check", "chain", "bytes", Summary.of(s.checkBytes()),
                String.format("a gateway syncing only to check: headers since its last check (median %.0f) + release proof "
                        + "(eth_getProof, releaseOf) + approvers' AUTHORITY grants; JSON-RPC bodies as received", headers.p50())));
        results.add(Metric.distribution(SECTION, "bytes fetched per update check, proofs only", "chain", "bytes",
                Summary.of(s.proofBytes()), "a gateway already following headers: release proof + approvers' grants"));
        double[] withBundle = new double[s.checkBytes().length];
        for (int i = 0; i < withBundle.length; i++) {
            withBundle[i] = s.checkBytes()[i] + s.bundleBytes()[i];
        }
        results.add(Metric.distribution(SECTION, "bytes fetched per update check, signed bundle included", "chain", "bytes",
                Summary.of(withBundle), "the row above plus the signed bundle (manufacturer's and approvers' ML-DSA-65 "
                        + "signatures and keys), which travels with the image: like for like with X.509's signed release"));
    }
}
