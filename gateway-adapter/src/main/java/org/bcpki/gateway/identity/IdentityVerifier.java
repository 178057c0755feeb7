package org.bcpki.gateway.identity;

import java.util.Optional;

/**
 * The gateway's only way to decide an identity. Implementations: the chain mirror client
 * (mirror-client, {@code --trust chain}) and the X.509 relying-party validator
 * (classic-pki-baseline, {@code --trust x509}); {@link DualVerifier} asks both. They are plugged in
 * by {@link VerifierRegistry} at integration time.
 *
 * <p>Contract: never throw for a negative answer; answer {@code STALE_VIEW} when the view is too old
 * to decide. The gateway treats anything but GRANTED, and any exception, as a rejection.
 */
public interface IdentityVerifier {
    IdentityVerdict verify(IdentityClaim claim);

    /** Short name for logs and status ({@code chain}, {@code x509}, ...). */
    String name();

    /** The freshness of the verifier's view, when it has one. */
    default Optional<ViewStatus> viewStatus() {
        return Optional.empty();
    }
}
