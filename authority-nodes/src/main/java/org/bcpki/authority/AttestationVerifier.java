package org.bcpki.authority;

import java.util.Optional;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;

/**
 * Checks a registrar's PUF attestation: that the device enrolled under {@code attestation.record()}
 * (whose hash becomes the grant's attestationHash) answered this request's challenge, for this
 * authority, with the key being granted. {@link #puf(String)} is puf-attest's verifier;
 * {@link #unavailable()} refuses every attestation (a policy that requires one then refuses meters
 * rather than approving them unchecked).
 */
@FunctionalInterface
public interface AttestationVerifier {

    /**
     * Empty when the attestation is acceptable, else the reason it is not.
     *
     * @param nonce the request's challenge (issued by this service, single use)
     */
    Optional<String> check(SubjectId subject, Role role, byte[] publicKeySpki, byte[] nonce, PufAttestation attestation);

    static AttestationVerifier unavailable() {
        return (subject, role, key, nonce, attestation) ->
                Optional.of("this authority has no PUF attestation verifier configured");
    }

    /** puf-attest's verifier, expecting the context {@code bcpki/enroll/<authorityName>}. */
    static AttestationVerifier puf(String authorityName) {
        return new PufAttestationVerifier(PufAttestation.contextFor(authorityName));
    }
}
