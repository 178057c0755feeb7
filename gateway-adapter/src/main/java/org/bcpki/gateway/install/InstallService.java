package org.bcpki.gateway.install;

import java.nio.file.Path;
import java.util.Map;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.mirror.MirrorClient;

/**
 * Installs asked for over the WAN (by an authenticated gateway administrator), one at a time: the
 * image comes in the request or, when it does not, from the bundle's uri hint through the
 * {@link ImageDownloader}; the {@link Installer} decides with the running gateway's light client and
 * logs every attempt in the metrological log.
 */
public final class InstallService implements AutoCloseable {
    private final Installer installer;
    private final ImageDownloader downloader;

    private InstallService(Installer installer, ImageDownloader downloader) {
        this.installer = installer;
        this.downloader = downloader;
    }

    /** {@code client}: the light client the gateway already runs (no second one is opened). */
    public static InstallService start(GatewayStore store, Path storeDir, InstallSettings settings,
            MirrorClient client) {
        Installer installer = new Installer(store, storeDir, settings.softwareRegistry(), settings.minApprovals(),
                ReleaseView.of(client, settings.softwareRegistry()));
        return new InstallService(installer, ImageDownloader.withDefaults());
    }

    /**
     * Judges {@code bundle} with {@code image}, or with the image downloaded from its uri when
     * {@code image} is null, for the administrator {@code requestedBy} (logged with the attempt).
     */
    public synchronized Answer install(byte[] bundle, byte[] image, String requestedBy) {
        ImageDownloader.Download download = image == null ? downloader.download() : null;
        InstallResult result = installer.install(download != null ? download : ImageSource.bytes(image), bundle,
                requestedBy);
        return new Answer(result, result.fields(download));
    }

    public record Answer(InstallResult result, Map<String, Object> fields) {}

    @Override
    public void close() {
        downloader.close();
    }
}
