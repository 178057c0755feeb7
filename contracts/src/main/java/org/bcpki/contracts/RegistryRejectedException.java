package org.bcpki.contracts;

import java.util.Optional;

/** The registry refused a call: the contract reverted, with one of its custom errors when known. */
public final class RegistryRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient RegistryErrors.Revert revert;

    public RegistryRejectedException(RegistryErrors.Revert revert, String fallbackMessage) {
        super(revert != null ? revert.toString() : fallbackMessage);
        this.revert = revert;
    }

    public Optional<RegistryErrors.Revert> revert() {
        return Optional.ofNullable(revert);
    }

    /** The custom error's name (e.g. {@code RequestExists}), or empty when the revert carried none. */
    public String errorName() {
        return revert == null ? "" : revert.name();
    }
}
