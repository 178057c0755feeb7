package org.bcpki.puf;

import java.security.MessageDigest;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;

/**
 * Checks a device's attestation evidence against its registered enrollment: the key must be the
 * enrolled one, the evidence must answer this challenge in this context, the signature must
 * verify, and the nonce must not have been accepted before. Thread-safe.
 */
public final class AttestationVerifier {
    private final UsedNonces usedNonces;

    public AttestationVerifier(UsedNonces usedNonces) {
        this.usedNonces = usedNonces;
    }

    /** A verifier that remembers accepted nonces in memory. */
    public static AttestationVerifier inMemory() {
        return new AttestationVerifier(UsedNonces.inMemory());
    }

    /** Verifies against an enrollment as produced by {@link PufDevice#enroll} or read from disk. */
    public AttestationResult verify(DeviceEnrollment enrollment, AttestationChallenge challenge, AttestationEvidence evidence) {
        return verify(enrollment.record(), enrollment.signingPublicKey(), challenge, evidence);
    }

    /**
     * @param record the registered enrollment (e.g. read from chain or from the grant request)
     * @param publicKeySpki the registered ML-DSA-65 public key (SPKI DER) whose hash is record.keyHash
     * @param challenge what this verifier asked
     * @param evidence what the device answered
     */
    public AttestationResult verify(EnrollmentRecord record, byte[] publicKeySpki, AttestationChallenge challenge,
                                    AttestationEvidence evidence) {
        if (record.algorithm() != KeyAlgorithm.ML_DSA_65) {
            return AttestationResult.invalid(AttestationResult.Reason.WRONG_KEY,
                    "attestation uses ML-DSA-65, the record registers " + record.algorithm());
        }
        if (publicKeySpki == null || !MessageDigest.isEqual(SignatureSuite.keyHash(publicKeySpki), record.keyHash())) {
            return AttestationResult.invalid(AttestationResult.Reason.WRONG_KEY,
                    "the public key does not hash to the record's keyHash");
        }
        if (!MessageDigest.isEqual(evidence.attestationHash(), record.attestationHash())) {
            return AttestationResult.invalid(AttestationResult.Reason.WRONG_ENROLLMENT,
                    "the evidence is for another enrollment (attestationHash differs)");
        }
        if (!MessageDigest.isEqual(evidence.nonce(), challenge.nonce())) {
            return AttestationResult.invalid(AttestationResult.Reason.WRONG_NONCE,
                    "the evidence answers another nonce");
        }
        if (!evidence.context().equals(challenge.context())) {
            return AttestationResult.invalid(AttestationResult.Reason.WRONG_CONTEXT,
                    "the evidence is for context '" + evidence.context() + "', expected '" + challenge.context() + "'");
        }
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        boolean signed;
        try {
            signed = suite.verify(publicKeySpki,
                    Attestation.message(record.attestationHash(), challenge.nonce(), challenge.context()),
                    evidence.signature());
        } catch (IllegalArgumentException e) {
            return AttestationResult.invalid(AttestationResult.Reason.WRONG_KEY, e.getMessage());
        }
        if (!signed) {
            return AttestationResult.invalid(AttestationResult.Reason.BAD_SIGNATURE,
                    "the ML-DSA-65 signature does not verify under the registered key");
        }
        // Only a valid answer consumes the nonce, so forged answers cannot burn a device's challenge.
        if (!usedNonces.markUsed(challenge.nonce())) {
            return AttestationResult.invalid(AttestationResult.Reason.REPLAY, "this nonce was already used");
        }
        return AttestationResult.valid("signed by the enrolled ML-DSA-65 key");
    }
}
