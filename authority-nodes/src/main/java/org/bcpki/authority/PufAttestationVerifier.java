package org.bcpki.authority;

import java.util.Optional;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.puf.AttestationChallenge;
import org.bcpki.puf.AttestationEvidence;
import org.bcpki.puf.AttestationResult;

/**
 * puf-attest's {@link org.bcpki.puf.AttestationVerifier} behind the service's interface. Replays:
 * the nonce is the request's challenge, which the service issued to this caller and consumes
 * atomically with storing the request, so an answer can serve one request only (a captured answer
 * sent with a fresh challenge fails as BAD_SIGNATURE: the evidence is checked against the nonce this
 * request carries; with the used challenge the service refuses the challenge).
 * puf-attest's own nonce memory therefore need not persist; it only sees nonces this service issued.
 */
final class PufAttestationVerifier implements AttestationVerifier {
    private final String expectedContext;
    // Single use is enforced by the challenge table (see above); an identical retry must stay answerable.
    private final org.bcpki.puf.AttestationVerifier verifier = new org.bcpki.puf.AttestationVerifier(nonce -> true);

    PufAttestationVerifier(String expectedContext) {
        this.expectedContext = expectedContext;
    }

    @Override
    public Optional<String> check(SubjectId subject, Role role, byte[] publicKeySpki, byte[] nonce, PufAttestation attestation) {
        if (!attestation.record().subjectId().equals(subject)) {
            return Optional.of("WRONG_ENROLLMENT: the enrollment record is for " + attestation.record().subjectId()
                    + ", the request for " + subject);
        }
        AttestationChallenge challenge;
        AttestationEvidence evidence;
        try {
            challenge = new AttestationChallenge(nonce, expectedContext);
            evidence = new AttestationEvidence(attestation.attestationHash(), nonce, attestation.context(), attestation.signature());
        } catch (IllegalArgumentException e) {
            return Optional.of("malformed attestation: " + e.getMessage());
        }
        AttestationResult result = verifier.verify(attestation.record(), publicKeySpki, challenge, evidence);
        return result.valid() ? Optional.empty() : Optional.of(result.reason() + ": " + result.detail());
    }
}
