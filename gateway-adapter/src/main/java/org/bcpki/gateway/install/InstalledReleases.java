package org.bcpki.gateway.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseBundleJson;
import org.bcpki.core.release.ReleaseMessage;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.LogEntry;

/**
 * Offline re-verification of installed images, years later and without the network: each stored
 * bundle must parse (every ML-DSA-65 signature verifies, the derived ids match), name its own
 * directory, match its image's size, SHA-256 and Keccak-256, and have its acceptance in the
 * metrological log. Whether the signers held their grants then is what the logged block attests.
 */
public final class InstalledReleases {
    private static final int PAGE = 500;

    /** One stored install and what re-verifying it found (problem null when intact). */
    public record Verification(String releaseId, String deviceType, long version, int approvals, long logSeq,
            String problem) {
        public boolean intact() {
            return problem == null;
        }
    }

    private InstalledReleases() {}

    public static List<Verification> verifyAll(Path storeDir, GatewayStore store) throws IOException {
        Path installs = storeDir.resolve(Installer.INSTALLS);
        List<Verification> out = new ArrayList<>();
        if (!Files.isDirectory(installs)) {
            return out;
        }
        List<LogEntry> accepted = acceptedInstalls(store);
        try (Stream<Path> dirs = Files.list(installs)) {
            for (Path dir : dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList()) {
                out.add(verify(dir, accepted));
            }
        }
        return out;
    }

    static Verification verify(Path dir, List<LogEntry> accepted) throws IOException {
        String claimed = "0x" + dir.getFileName();
        ReleaseBundle bundle;
        try {
            bundle = ReleaseBundleJson.parse(Files.readAllBytes(dir.resolve(Installer.BUNDLE_FILE)));
        } catch (MalformedDataException e) {
            return new Verification(claimed, "", 0, 0, -1, "the stored bundle is not valid: " + e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            return new Verification(claimed, "", 0, 0, -1, "no stored bundle");
        }
        ReleaseMessage r = bundle.release();
        String id = bundle.releaseId().toHexString();
        long seq = accepted.stream().filter(e -> e.record().subject().equals(id)).mapToLong(LogEntry::seq).max().orElse(-1);
        String problem = null;
        if (!id.equals(claimed)) {
            problem = "the stored bundle is of release " + id + ", not of " + claimed;
        } else if (!Files.isRegularFile(dir.resolve(Installer.IMAGE_FILE))) {
            problem = "no stored image";
        } else {
            StagedImage image = StagedImage.hash(dir.resolve(Installer.IMAGE_FILE));
            if (image.size() != r.size() || !image.sha256().equals(r.imageSha256()) || !image.keccak256().equals(r.imageKeccak256())) {
                problem = "the stored image (" + image.size() + " bytes, sha256 " + image.sha256().toHexString()
                        + ") is not the one the bundle signs";
            } else if (seq < 0) {
                problem = "the metrological log has no accepted install of this release";
            }
        }
        return new Verification(id, r.deviceType().name(), r.version(), bundle.approvals().size(), seq, problem);
    }

    private static List<LogEntry> acceptedInstalls(GatewayStore store) {
        List<LogEntry> out = new ArrayList<>();
        long from = 1;
        while (true) {
            List<LogEntry> page = store.logEntries(from, PAGE);
            for (LogEntry entry : page) {
                if (Installer.KIND.equals(entry.record().kind()) && "accepted".equals(entry.record().outcome())) {
                    out.add(entry);
                }
            }
            if (page.size() < PAGE) {
                return out;
            }
            from = page.get(page.size() - 1).seq() + 1;
        }
    }
}
