package org.bcpki.eval.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bcpki.core.release.DeviceType;
import org.bcpki.gateway.install.ImageDownloader;
import org.bcpki.pki.CrlFetcher;
import org.bcpki.pki.RevocationIndex;
import org.bcpki.pki.SmPki;
import org.bcpki.pki.ValidatedPathCache;
import org.bcpki.pki.codesign.CodeSigningBaseline;
import org.bcpki.pki.codesign.ReleasePackage;
import org.bcpki.pki.codesign.ReleaseVerifier;
import org.bcpki.pki.codesign.UpdateDecision;
import org.bcpki.pki.codesign.UpdateReason;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A firmware release's way to X.509 gateways, the classic counterpart of {@link FirmwareRollout}: the
 * manufacturer signs, the notified body countersigns with a certificate for this release alone
 * (classic-pki-baseline's {@link CodeSigningBaseline}), the signed release and the image go to the update
 * server, and a gateway downloads both and checks them with its {@link ReleaseVerifier} (paths to the SM-PKI
 * root, CRLs and delta CRLs over HTTP). Gateways: a warm one kept across releases (validated-path cache and
 * CRL index, as the best operators run it), a cold one per release (first contact), and, after a
 * revocation, the warm one once its cached CRLs expired (CRLs fetched again, paths still cached).
 */
public final class CodeSigningRollout implements AutoCloseable {
    private static final String MANUFACTURER = "acme";
    private static final String NOTIFIED_BODY = "ptb";
    private final CodeSigningBaseline baseline;
    private final FirmwareServer server;
    private final List<X509CertificateHolder> anchors;
    private final ValidatedPathCache warmPaths = new ValidatedPathCache();
    private final ReleaseVerifier warm;
    private final ImageDownloader downloader = ImageDownloader.withDefaults();

    /** One gateway's decision and how long it took from the release's approval (or revocation). */
    public record Check(UpdateDecision decision, double millis) {}

    /**
     * A published release: how long signing and countersigning took, how long after the countersignature the
     * package was on the update server, and both gateways' first checks.
     */
    public record Approval(CodeSigningBaseline.Published published, byte[] image, double publishMillis, Check warm, Check cold) {}

    /** After a revocation: the refusal by a gateway fetching CRLs, and the warm gateway's answer from its cached CRLs. */
    public record Withdrawal(Check fresh, UpdateDecision cached) {}

    private CodeSigningRollout(CodeSigningBaseline baseline, FirmwareServer server, List<X509CertificateHolder> anchors) {
        this.baseline = baseline;
        this.server = server;
        this.anchors = anchors;
        this.warm = new ReleaseVerifier(anchors, new CrlFetcher(), new RevocationIndex(), warmPaths);
    }

    /**
     * Sets up the code-signing CA, a manufacturer and a notified body on {@code pki} (whose server must run at
     * its publication points), and brings the warm gateway into service: it has checked one earlier release
     * (of {@code warmUpType}), so it holds the CRLs and the manufacturer's validated path.
     */
    public static CodeSigningRollout start(SmPki pki, FirmwareServer server, DeviceType warmUpType) throws Exception {
        CodeSigningRollout rollout = new CodeSigningRollout(CodeSigningBaseline.setUp(pki, MANUFACTURER, NOTIFIED_BODY), server,
                List.of(pki.root().certificate()));
        byte[] image = new byte[1024];
        new SecureRandom().nextBytes(image);
        CodeSigningBaseline.Published earlier = rollout.baseline.publish(warmUpType, 1, image);
        expect(rollout.warm.check(earlier.signedRelease(), image, warmUpType, 1, Instant.now()), UpdateReason.APPROVED);
        return rollout;
    }

    /**
     * Signs and countersigns {@code image} as {@code version}, puts the package and the image on the update
     * server, then the warm gateway and a cold one each download both and check. Each check's time runs from
     * the countersignature (when the package existed) through the upload to the server to its own accepting
     * decision; the gateways run one after the other, so the second one's own download and check are added to
     * the same upload delay rather than timed after the first one's.
     */
    public Approval publishAndCheck(DeviceType type, long version, byte[] image) throws Exception {
        long p0 = System.nanoTime();
        CodeSigningBaseline.Published published = baseline.publish(type, version, image);
        double publishMillis = (System.nanoTime() - p0) / 1e6;
        String name = "x509/" + type.name() + "/" + version;
        String packageUrl = server.publish(name + ".p7s", published.signedRelease());
        String imageUrl = server.publish(name + ".bin", image);
        double uploadMillis = Duration.between(published.signedAt(), Instant.now()).toNanos() / 1e6;
        Check warmCheck = downloadAndCheck(warm, packageUrl, imageUrl, image.length, type, version, uploadMillis);
        Check coldCheck = downloadAndCheck(ReleaseVerifier.gateway(anchors), packageUrl, imageUrl, image.length, type, version,
                uploadMillis);
        warm.requireAtLeast(type, version); // installed: no going back below it
        return new Approval(published, image, publishMillis, warmCheck, coldCheck);
    }

    /**
     * Withdraws the release (its approval certificate revoked), timed to the refusal by the warm gateway once its
     * cached CRLs expired (it fetches them again, its validated paths stay); then asks the warm gateway, CRLs
     * still cached, again.
     */
    public Withdrawal revokeAndRefuse(Approval approved) {
        CodeSigningBaseline.Published published = approved.published();
        DeviceType type = published.release().deviceType();
        long version = published.release().version();
        ReleaseVerifier expired = new ReleaseVerifier(anchors, new CrlFetcher(), new RevocationIndex(), warmPaths);
        long t0 = System.nanoTime();
        baseline.revoke(published);
        UpdateDecision refused = expired.check(published.signedRelease(), approved.image(), type, version, Instant.now());
        double millis = (System.nanoTime() - t0) / 1e6;
        expect(refused, UpdateReason.REVOKED);
        UpdateDecision cached = warm.check(published.signedRelease(), approved.image(), type, version, Instant.now());
        return new Withdrawal(new Check(refused, millis), cached);
    }

    private Check downloadAndCheck(ReleaseVerifier gateway, String packageUrl, String imageUrl, long imageBytes, DeviceType type,
            long version, double uploadMillis) throws Exception {
        long t0 = System.nanoTime();
        byte[] signedRelease = fetch(packageUrl, ReleasePackage.MAX_BYTES);
        byte[] image = fetch(imageUrl, imageBytes);
        UpdateDecision decision = gateway.check(signedRelease, image, type, version, Instant.now());
        double millis = uploadMillis + (System.nanoTime() - t0) / 1e6;
        expect(decision, UpdateReason.APPROVED);
        return new Check(decision, millis);
    }

    /** The gateway's download, as on the chain side: http(s) only, timeouts, at most {@code maxBytes} + 1 bytes kept. */
    private byte[] fetch(String url, long maxBytes) throws IOException {
        try (InputStream in = downloader.download().open(url)) {
            return in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        }
    }

    @Override
    public void close() {
        downloader.close();
    }

    private static void expect(UpdateDecision decision, UpdateReason wanted) {
        if (decision.reason() != wanted) {
            throw new IllegalStateException("the X.509 gateway answered " + decision.reason() + ", expected " + wanted + ": "
                    + decision.detail());
        }
    }
}
