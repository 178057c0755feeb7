package org.bcpki.gateway.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.io.PrivateFiles;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseBundleJson;
import org.bcpki.core.release.ReleaseDecision;
import org.bcpki.core.release.ReleaseMessage;
import org.bcpki.core.release.ReleaseSignature;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.InstalledVersion;
import org.bcpki.gateway.store.LogEntry;
import org.bcpki.gateway.store.LogRecord;
import org.bcpki.mirror.ReleaseCheck;
import org.bcpki.mirror.trust.ProvenRelease;

/**
 * Decides whether a firmware image from an untrusted place may be installed, and writes every
 * attempt, accepted or refused, to the metrological log with its reason (gateway-adapter/README.md,
 * "Software installs"). Cheap local checks first (bundle, deployment, countersignatures, no version
 * below the one installed for the device type, image hashes), then the chain: the release's proven status and device-type minimum at a fresh verified
 * block, as many countersignatures as the chain counted approval votes, the manufacturer key the chain
 * recorded, each approver's AUTHORITY grant. An accepted image
 * is stored with its bundle under {@code installs/<releaseId>/}, so its origin can be proven again
 * offline ({@link InstalledReleases}).
 */
public final class Installer {
    public static final String KIND = "install";
    public static final String INSTALLS = "installs";
    public static final String IMAGE_FILE = "image.bin";
    public static final String BUNDLE_FILE = "bundle.json";

    private final GatewayStore store;
    private final Path installs;
    private final Address softwareRegistry;
    private final int minApprovals;
    private final ReleaseView chain;

    /**
     * @param minApprovals a local floor of approval signatures, checked before the chain is asked; the
     *     chain's proven count of approval votes is required as well
     */
    public Installer(GatewayStore store, Path storeDir, Address softwareRegistry, int minApprovals, ReleaseView chain) {
        if (minApprovals < 1) {
            throw new IllegalArgumentException("at least one approval signature is required");
        }
        this.store = store;
        this.installs = storeDir.resolve(INSTALLS);
        this.softwareRegistry = softwareRegistry;
        this.minApprovals = minApprovals;
        this.chain = chain;
    }

    public InstallResult install(Path image, byte[] bundleFile) {
        return install(ImageSource.file(image), bundleFile, null);
    }

    /**
     * Judges the image {@code source} yields for {@code bundleFile}; the source is opened only after
     * the local checks. {@code requestedBy}: who asked over the WAN, logged with the attempt (null for
     * the local operator).
     */
    public InstallResult install(ImageSource source, byte[] bundleFile, String requestedBy) {
        ReleaseBundle bundle;
        try {
            bundle = ReleaseBundleJson.parse(bundleFile);
        } catch (MalformedDataException e) {
            return log(new Attempt(null, requestedBy), InstallReason.MALFORMED_BUNDLE, e.getMessage(), null);
        }
        Attempt attempt = new Attempt(bundle, requestedBy);
        ReleaseMessage release = bundle.release();
        if (!release.registry().equals(softwareRegistry)) {
            return log(attempt, InstallReason.WRONG_DEPLOYMENT, "the bundle is for SoftwareRegistry "
                    + release.registry().toHex() + ", this gateway follows " + softwareRegistry.toHex(), null);
        }
        if (bundle.approvals().size() < minApprovals) {
            return log(attempt, InstallReason.MISSING_APPROVAL, "the bundle carries " + bundle.approvals().size()
                    + " approval signature(s), " + minApprovals + " are required", null);
        }
        Optional<InstalledVersion> installed = store.installedVersion(release.typeKey().toHexString());
        if (installed.isPresent() && Long.compareUnsigned(release.version(), installed.get().version()) < 0) {
            // The chain's minimum may still allow it (a view that lags within --max-staleness): this gateway's does not.
            return log(attempt, InstallReason.ROLLBACK, "version " + release.version() + " is below version "
                    + installed.get().version() + ", installed on this gateway (release " + installed.get().releaseId() + ")",
                    null);
        }
        if (source.fetchesBundleUri()) {
            // Fetch nothing for a bundle the chain does not approve (its uri could point anywhere); the
            // decision itself is taken again after the download, at a view that is fresh then.
            InstallResult refused = chainRefusal(attempt, null);
            if (refused != null) {
                return refused;
            }
        }
        StagedImage staged;
        try (InputStream in = source.open(bundle)) {
            staged = StagedImage.stage(in, installs.resolve(".staging"), release.size());
        } catch (DownloadFailedException e) {
            return log(attempt, InstallReason.DOWNLOAD_FAILED, e.getMessage(), null);
        } catch (IOException e) {
            return log(attempt, InstallReason.UNREADABLE_IMAGE, "cannot read the image: " + e.getMessage(), null);
        }
        try {
            return decide(attempt, staged);
        } finally {
            try {
                staged.discard(); // nothing left when it was moved into place
            } catch (IOException ignored) {
                // a leftover staging file holds nothing trusted; the next attempt uses a new one
            }
        }
    }

    private InstallResult decide(Attempt attempt, StagedImage image) {
        ReleaseBundle bundle = attempt.bundle;
        ReleaseMessage release = bundle.release();
        attempt.sha256 = image.sha256().toHexString();
        if (image.oversize() || image.size() != release.size() || !image.sha256().equals(release.imageSha256())
                || !image.keccak256().equals(release.imageKeccak256())) {
            return log(attempt, InstallReason.WRONG_IMAGE, "the image (" + (image.oversize() ? "more than " : "")
                    + image.size() + " bytes, sha256 " + attempt.sha256 + ") is not the release's (" + release.size()
                    + " bytes, sha256 " + release.imageSha256().toHexString() + ")", null);
        }
        InstallResult refused = chainRefusal(attempt, image.sha256());
        if (refused != null) {
            return refused;
        }
        Path target = installs.resolve(attempt.releaseId.substring(2));
        try {
            PrivateFiles.directory(target);
            image.moveTo(target.resolve(IMAGE_FILE));
            PrivateFiles.write(target.resolve(BUNDLE_FILE), ReleaseBundleJson.write(bundle));
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the accepted image in " + target + ": " + e.getMessage(), e);
        }
        return log(attempt, InstallReason.INSTALLED, "stored in " + INSTALLS + "/" + target.getFileName(), target);
    }

    /**
     * The chain's answer at a fresh verified block: the release proven APPROVED for this image (any
     * image when {@code imageSha256} is null), a countersignature per proven approval vote, the
     * manufacturer key the chain bound, every approver's AUTHORITY grant. The logged refusal, or null when the chain allows the install.
     */
    private InstallResult chainRefusal(Attempt attempt, Bytes32 imageSha256) {
        ReleaseBundle bundle = attempt.bundle;
        ReleaseMessage release = bundle.release();
        ReleaseCheck check = chain.release(bundle.releaseId(), release.typeKey());
        attempt.block = check.block() == null ? -1 : check.block().number();
        attempt.evidence = check.block() == null ? "" : "block " + check.block().number() + " " + check.block().hash().toHexString();
        if (check.stale()) {
            return log(attempt, InstallReason.STALE_VIEW, check.staleReason(), null);
        }
        ProvenRelease proven = check.proven();
        if (proven.problem() != null) {
            return log(attempt, InstallReason.UNKNOWN, proven.problem(), null);
        }
        ReleaseDecision decision = proven.decide(imageSha256);
        if (decision != ReleaseDecision.APPROVED) {
            return log(attempt, refusal(decision), "the chain's decision is " + decision + " (version " + release.version()
                    + ", minimum " + proven.deviceType().minimumVersion() + ")", null);
        }
        if (bundle.approvals().size() < proven.approvalVotes()) {
            // Final once APPROVED, so this is the consortium's k as it was applied, not an operator's guess.
            return log(attempt, InstallReason.MISSING_APPROVAL, "the chain counted " + proven.approvalVotes()
                    + " approval votes; the bundle carries " + bundle.approvals().size() + " countersignatures", null);
        }
        if (!proven.record().manufacturerKeyHash().equals(bundle.manufacturerSignature().keyHash())) {
            return log(attempt, InstallReason.UNAUTHORIZED_SIGNER,
                    "the manufacturer signature is by a key the chain did not record for this release", null);
        }
        for (ReleaseSignature approval : bundle.approvals()) {
            Decision grant = chain.signer(approval.signer(), Role.AUTHORITY, approval.spki());
            if (grant != Decision.GRANTED) {
                return log(attempt, grant == Decision.STALE_VIEW ? InstallReason.STALE_VIEW : InstallReason.UNAUTHORIZED_SIGNER,
                        "approval by " + approval.signer() + ": no active AUTHORITY grant for its key (" + grant + ")", null);
            }
        }
        return null;
    }

    private static InstallReason refusal(ReleaseDecision decision) {
        return switch (decision) {
            case UNKNOWN -> InstallReason.UNKNOWN;
            case PENDING -> InstallReason.PENDING;
            case REVOKED -> InstallReason.REVOKED;
            case BELOW_MINIMUM -> InstallReason.ROLLBACK;
            case WRONG_IMAGE -> InstallReason.WRONG_IMAGE;
            case APPROVED -> throw new IllegalArgumentException("APPROVED is not a refusal");
        };
    }

    private InstallResult log(Attempt a, InstallReason reason, String why, Path installed) {
        String detail = "deviceType=" + a.deviceType + " version=" + a.version + " sha256=" + a.sha256
                + (a.requestedBy == null ? "" : " requestedBy=" + a.requestedBy) + " : " + why;
        LogRecord record = installed != null
                ? LogRecord.accepted(KIND, a.releaseId, a.evidence, detail)
                : LogRecord.rejected(KIND, a.releaseId, reason.name(), a.evidence, detail);
        LogEntry entry = installed != null ? store.logInstall(record, a.installedVersion()) : store.log(record);
        return new InstallResult(reason, a.releaseId, a.deviceType, a.version, a.sha256, a.block, why, entry.seq(), installed);
    }

    /** What is known of an attempt so far, for its log entry. */
    private static final class Attempt {
        final ReleaseBundle bundle;
        final String releaseId;
        final String deviceType;
        final long version;
        final String requestedBy;
        String sha256 = "";
        long block = -1;
        String evidence = "";

        Attempt(ReleaseBundle bundle, String requestedBy) {
            this.bundle = bundle;
            this.requestedBy = requestedBy;
            this.releaseId = bundle == null ? "" : bundle.releaseId().toHexString();
            this.deviceType = bundle == null ? "" : bundle.release().deviceType().name();
            this.version = bundle == null ? 0 : bundle.release().version();
        }

        InstalledVersion installedVersion() {
            ReleaseMessage r = bundle.release();
            return new InstalledVersion(r.typeKey().toHexString(), r.manufacturer().toHex(), r.deviceRole().name(), deviceType,
                    version, releaseId, -1);
        }
    }
}
