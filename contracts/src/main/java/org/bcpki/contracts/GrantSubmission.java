package org.bcpki.contracts;

import java.util.Arrays;

/** The fields of {@code requestGrant}: what a registrar asks the registry to grant. */
public record GrantSubmission(byte[] subjectId, int role, int algorithm, byte[] keyHash, byte[] attestationHash,
                              long notBefore, long notAfter, byte[] publicKey) {
    public GrantSubmission {
        if (subjectId.length != 32 || keyHash.length != 32 || attestationHash.length != 32) {
            throw new IllegalArgumentException("subject id, key hash and attestation hash must be 32 bytes");
        }
        subjectId = subjectId.clone();
        keyHash = keyHash.clone();
        attestationHash = attestationHash.clone();
        publicKey = publicKey.clone();
    }

    /** The id the registry gives this request (content-derived, so retries map to it too). */
    public byte[] requestId() {
        return GrantRequestIds.requestId(subjectId, role, algorithm, keyHash, attestationHash, notBefore, notAfter);
    }

    @Override
    public byte[] subjectId() {
        return subjectId.clone();
    }

    @Override
    public byte[] keyHash() {
        return keyHash.clone();
    }

    @Override
    public byte[] attestationHash() {
        return attestationHash.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrantSubmission other && Arrays.equals(requestId(), other.requestId())
                && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(requestId());
    }
}
