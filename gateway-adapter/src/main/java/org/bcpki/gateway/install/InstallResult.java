package org.bcpki.gateway.install;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /**
     * The fields of {@code bcpki gateway install --json} and of the WAN install answer, in order;
     * {@code download} is null when the image was not downloaded.
     */
    public Map<String, Object> fields(ImageDownloader.Download download) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("installed", accepted());
        doc.put("reason", reason.name());
        doc.put("releaseId", releaseId);
        doc.put("deviceType", deviceType);
        doc.put("version", version);
        doc.put("sha256", imageSha256);
        doc.put("block", block < 0 ? null : block);
        doc.put("detail", detail);
        doc.put("logSeq", logSeq);
        doc.put("stored", installed == null ? null : installed.toString());
        doc.put("downloadedFrom", download == null ? null : download.uri());
        doc.put("bytesFetched", download == null ? null : download.bytesFetched());
        return doc;
    }
}
