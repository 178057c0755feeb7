package org.bcpki.gateway.install;

import org.bcpki.core.chain.Address;

/**
 * What a running gateway needs to accept installs over the WAN: the SoftwareRegistry it follows and
 * the consortium's approval threshold k (see {@link Installer}).
 */
public record InstallSettings(Address softwareRegistry, int minApprovals) {
    public InstallSettings {
        if (softwareRegistry == null) {
            throw new IllegalArgumentException("installs need the SoftwareRegistry's address");
        }
        if (minApprovals < 1) {
            throw new IllegalArgumentException("at least one approval signature is required");
        }
    }
}
