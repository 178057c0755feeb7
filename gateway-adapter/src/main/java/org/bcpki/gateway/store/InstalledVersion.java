package org.bcpki.gateway.store;

/**
 * The highest firmware version this gateway installed for one device type, scoped as the chain
 * scopes minimum versions (manufacturer, device role, model: {@code typeKey}); never lowered.
 *
 * @param typeKey the SoftwareRegistry's type key, 0x hex
 * @param releaseId the installed release of that version, 0x hex
 * @param logSeq the metrological log entry of its acceptance (-1 before it is logged)
 */
public record InstalledVersion(String typeKey, String manufacturer, String deviceRole, String deviceType, long version,
        String releaseId, long logSeq) {}
