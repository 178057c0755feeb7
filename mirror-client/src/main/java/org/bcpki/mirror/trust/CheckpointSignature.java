package org.bcpki.mirror.trust;

import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;

/**
 * One authority's signature over a {@link org.bcpki.core.chain.CheckpointMessage#signedBytes()}, naming
 * the signer by the keccak256 of its ML-DSA-65 SubjectPublicKeyInfo (the registry's key hash), not by
 * position.
 */
public record CheckpointSignature(Bytes32 authorityKeyHash, Bytes signature) {
    /** ML-DSA-65 signatures are 3309 bytes (FIPS 204); anything else is rejected before verifying. */
    public static final int ML_DSA_65_SIGNATURE_LENGTH = 3309;

    public CheckpointSignature {
        if (authorityKeyHash == null || signature == null) {
            throw new IllegalArgumentException("key hash and signature are required");
        }
    }
}
