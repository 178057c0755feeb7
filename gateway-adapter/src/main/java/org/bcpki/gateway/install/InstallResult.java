package org.bcpki.gateway.install;

import java.nio.file.Path;

/**
 * The outcome of one install attempt, as logged.
 *
 * @param releaseId the bundle's release id (empty when the bundle did not parse)
 * @param block the verified block the chain decision rests on (-1 when none was reached)
 * @param logSeq the metrological log entry of this attempt
 * @param installed where the image and its bundle were stored (null when refused)
 */
public record InstallResult(InstallReason reason, String releaseId, String deviceType, long version,
        String imageSha256, long block, String detail, long logSeq, Path installed) {
    public boolean accepted() {
        return reason == InstallReason.INSTALLED;
    }
}
