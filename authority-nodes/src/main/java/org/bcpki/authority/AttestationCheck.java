package org.bcpki.authority;

import java.util.Optional;
import org.bcpki.contracts.RegistryOperations;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;

/**
 * Checks a registrar's PUF attestation: that {@code attestation.record()} (whose hash becomes the
 * grant's attestationHash) is the subject's enrollment anchored on chain by a trusted enroller, and
 * that the device enrolled under it answered this request's challenge, for this authority, with the
 * key being granted. {@link #puf(String, RegistryOperations)} is puf-attest's verifier;
 * {@link #unavailable()} refuses every attestation (a policy that requires one then refuses meters
 * rather than approving them unchecked).
 */
@FunctionalInterface
public interface AttestationCheck {

    /**
     * Empty when the attestation is acceptable, else the reason it is not.
     *
     * @param nonce the request's challenge (issued by this service, single use)
     */
    Optional<String> check(SubjectId subject, Role role, byte[] publicKeySpki, byte[] nonce, PufAttestation attestation);

    static AttestationCheck unavailable() {
        return (subject, role, key, nonce, attestation) ->
                Optional.of("this authority has no PUF attestation verifier configured");
    }

    /**
     * puf-attest's verifier, expecting the context {@code bcpki/enroll/<authorityName>} and the
     * enrollment anchored in {@code registry}.
     */
    static AttestationCheck puf(String authorityName, RegistryOperations registry) {
        return new PufAttestationCheck(PufAttestation.contextFor(authorityName), registry);
    }
}
