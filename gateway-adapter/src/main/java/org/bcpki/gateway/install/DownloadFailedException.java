package org.bcpki.gateway.install;

import java.io.IOException;

/** The image could not be fetched from the bundle's uri (refused scheme, no answer, not 200, cut off). */
public final class DownloadFailedException extends IOException {
    public DownloadFailedException(String message) {
        super(message);
    }

    public DownloadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
