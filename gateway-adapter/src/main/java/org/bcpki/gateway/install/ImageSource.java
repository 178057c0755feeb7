package org.bcpki.gateway.install;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bcpki.core.release.ReleaseBundle;

/**
 * Where an install's image comes from: a local file, bytes received over the WAN, or a download from
 * the bundle's uri hint ({@link ImageDownloader}). None is trusted: {@link Installer} stages and
 * hashes what the stream yields, reading at most the release's size + 1 bytes, and the hashes decide.
 * It is opened only once the bundle has passed the local checks.
 */
public interface ImageSource {
    /** Opens the image for {@code bundle}; a {@link DownloadFailedException} is logged as DOWNLOAD_FAILED. */
    InputStream open(ReleaseBundle bundle) throws IOException;

    /**
     * Whether opening it fetches the bundle's uri: then the Installer asks the chain first, so a bundle
     * that is not approved on chain makes the gateway fetch nothing.
     */
    default boolean fetchesBundleUri() {
        return false;
    }

    static ImageSource file(Path image) {
        return bundle -> Files.newInputStream(image);
    }

    static ImageSource bytes(byte[] image) {
        return bundle -> new ByteArrayInputStream(image);
    }
}
