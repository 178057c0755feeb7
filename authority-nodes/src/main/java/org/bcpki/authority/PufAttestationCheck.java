package org.bcpki.authority;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.bcpki.contracts.AnchoredEnrollment;
import org.bcpki.contracts.RegistryOperations;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.puf.AttestationChallenge;
import org.bcpki.puf.AttestationEvidence;
import org.bcpki.puf.AttestationResult;

/**
 * puf-attest's {@link org.bcpki.puf.AttestationVerifier} behind the service's interface, after
 * checking that the enrollment record is the one an enroller anchored on chain for the subject: the
 * record travels inside the request and is signed by the very key being requested, so without the
 * anchor anyone could make one. Replays:
 * the nonce is the request's challenge, which the service issued to this caller and consumes
 * atomically with storing the request, so an answer can serve one request only (a captured answer
 * sent with a fresh challenge fails as BAD_SIGNATURE: the evidence is checked against the nonce this
 * request carries; with the used challenge the service refuses the challenge).
 * puf-attest's own nonce memory therefore need not persist; it only sees nonces this service issued.
 */
final class PufAttestationCheck implements AttestationCheck {
    private final String expectedContext;
    private final RegistryOperations registry;
    // Single use is enforced by the challenge table (see above); an identical retry must stay answerable.
    private final org.bcpki.puf.AttestationVerifier verifier = new org.bcpki.puf.AttestationVerifier(nonce -> true);

    PufAttestationCheck(String expectedContext, RegistryOperations registry) {
        this.expectedContext = expectedContext;
        this.registry = registry;
    }

    @Override
    public Optional<String> check(SubjectId subject, Role role, byte[] publicKeySpki, byte[] nonce, PufAttestation attestation) {
        if (!attestation.record().subjectId().equals(subject)) {
            return Optional.of("WRONG_ENROLLMENT: the enrollment record is for " + attestation.record().subjectId()
                    + ", the request for " + subject);
        }
        Optional<String> unanchored = anchoringProblem(subject, attestation.attestationHash());
        if (unanchored.isPresent()) {
            return unanchored;
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

    private Optional<String> anchoringProblem(SubjectId subject, byte[] attestationHash) {
        Optional<AnchoredEnrollment> anchored;
        try {
            anchored = registry.anchoredEnrollment(subject);
        } catch (IOException e) {
            return Optional.of("ENROLLMENT_UNVERIFIABLE: cannot read the anchored enrollment of " + subject
                    + " from the chain (" + e.getMessage() + ")");
        }
        if (anchored.isEmpty()) {
            return Optional.of("ENROLLMENT_NOT_ANCHORED: no enroller anchored an enrollment of " + subject + " on chain");
        }
        AnchoredEnrollment enrollment = anchored.get();
        if (!enrollment.enrollerTrusted()) {
            return Optional.of("ENROLLMENT_NOT_ANCHORED: the enrollment of " + subject + " was anchored by "
                    + enrollment.enroller() + ", no longer an enroller");
        }
        if (!Arrays.equals(enrollment.attestationHash(), attestationHash)) {
            return Optional.of("ENROLLMENT_NOT_ANCHORED: the enrollment record (0x" + HexFormat.of().formatHex(attestationHash)
                    + ") is not the one anchored for " + subject + " (0x"
                    + HexFormat.of().formatHex(enrollment.attestationHash()) + ")");
        }
        return Optional.empty();
    }
}
