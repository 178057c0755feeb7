package org.bcpki.authority;

import org.bcpki.puf.EnrollmentRecord;

/**
 * The PUF attestation in a grant request: the device's enrollment record (its hash is the grant's
 * attestationHash) and the device's ML-DSA-65 signature, made with the key reconstructed from its
 * PUF, over puf-attest's attestation message for (record hash, this request's challenge, context).
 */
public record PufAttestation(EnrollmentRecord record, String context, byte[] signature) {
    /** The context a registrar's device signs for an authority: names the authority, so an answer for one is useless at another. */
    public static String contextFor(String authorityName) {
        return "bcpki/enroll/" + authorityName;
    }

    public byte[] attestationHash() {
        return record.attestationHash();
    }

}
