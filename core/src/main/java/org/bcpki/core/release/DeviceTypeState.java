package org.bcpki.core.release;

/**
 * The SoftwareRegistry's {@code deviceTypes[typeKey]} word: the lowest version a device may install
 * (raised to each approved version, or by r authorities; never lowered) and the newest approved version.
 */
public record DeviceTypeState(long minimumVersion, long latestVersion) {
    public static final DeviceTypeState NONE = new DeviceTypeState(0, 0);
}
