package org.bcpki.contracts;

import java.util.Arrays;
import java.util.Objects;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;

/** The fields of {@code requestGrant}: what a registrar asks the registry to grant. */
public record GrantSubmission(SubjectId subject, Role role, KeyAlgorithm algorithm, byte[] keyHash, byte[] attestationHash,
                              long notBefore, long notAfter, byte[] publicKey) {
    public GrantSubmission {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(algorithm, "algorithm");
        if (keyHash.length != 32 || attestationHash.length != 32) {
            throw new IllegalArgumentException("key hash and attestation hash must be 32 bytes");
        }
        keyHash = keyHash.clone();
        attestationHash = attestationHash.clone();
        publicKey = publicKey.clone();
    }

    /** The id the registry gives this request (content-derived, so retries map to it too). */
    public byte[] requestId() {
        return GrantRequestIds.requestId(subject.bytes(), role.code(), algorithm.code(), keyHash, attestationHash,
                notBefore, notAfter);
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
