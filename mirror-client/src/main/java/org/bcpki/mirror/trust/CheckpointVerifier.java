package org.bcpki.mirror.trust;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.chain.CheckpointMessage;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;

/**
 * Checks that at least k of the n anchored authorities signed a checkpoint with ML-DSA-65. Each
 * authority counts once however many signatures carry its key hash; signatures by unknown keys and
 * invalid signatures count for nothing and are reported.
 */
public final class CheckpointVerifier {
    private static final SignatureSuite ML_DSA_65 = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);

    private final Map<Bytes32, PublicKey> authorities = new LinkedHashMap<>();
    private final int threshold;

    /**
     * @param authoritySpkis the authorities' ML-DSA-65 public keys (SPKI DER), from the trust anchor
     * @param threshold k: how many distinct authorities must sign
     */
    public CheckpointVerifier(List<byte[]> authoritySpkis, int threshold) {
        for (byte[] spki : authoritySpkis) {
            PublicKey key = ML_DSA_65.decodePublicKey(spki);
            if (authorities.put(Bytes32.wrap(SignatureSuite.keyHash(spki)), key) != null) {
                throw new IllegalArgumentException("an authority key is listed twice");
            }
        }
        if (threshold < 1 || threshold > authorities.size()) {
            throw new IllegalArgumentException("the checkpoint threshold must be 1.." + authorities.size()
                    + ", got " + threshold);
        }
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    public int authorityCount() {
        return authorities.size();
    }

    /**
     * The key hash of the anchored authority whose key verifies {@code signature} over the
     * checkpoint, if any. Signatures fetched from an untrusted source name no trustworthy signer;
     * this finds it by verification (n is small).
     */
    public Optional<Bytes32> signerOf(CheckpointMessage checkpoint, Bytes signature) {
        if (signature.size() != CheckpointSignature.ML_DSA_65_SIGNATURE_LENGTH) {
            return Optional.empty();
        }
        byte[] message = checkpoint.signedBytes();
        byte[] bytes = signature.toArrayUnsafe();
        for (Map.Entry<Bytes32, PublicKey> authority : authorities.entrySet()) {
            if (ML_DSA_65.verify(authority.getValue(), message, bytes)) {
                return Optional.of(authority.getKey());
            }
        }
        return Optional.empty();
    }

    public CheckpointVerdict verify(CheckpointMessage checkpoint, List<CheckpointSignature> signatures) {
        byte[] message = checkpoint.signedBytes();
        Set<Bytes32> signers = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < signatures.size(); i++) {
            CheckpointSignature signature = signatures.get(i);
            PublicKey key = authorities.get(signature.authorityKeyHash());
            if (key == null) {
                problems.add("signature " + i + " is by an unknown key " + signature.authorityKeyHash().toHexString());
            } else if (signers.contains(signature.authorityKeyHash())) {
                problems.add("signature " + i + " repeats authority " + signature.authorityKeyHash().toHexString());
            } else if (signature.signature().size() != CheckpointSignature.ML_DSA_65_SIGNATURE_LENGTH) {
                problems.add("signature " + i + " has " + signature.signature().size() + " bytes, ML-DSA-65 has "
                        + CheckpointSignature.ML_DSA_65_SIGNATURE_LENGTH);
            } else if (!ML_DSA_65.verify(key, message, signature.signature().toArrayUnsafe())) {
                problems.add("signature " + i + " by " + signature.authorityKeyHash().toHexString() + " is invalid");
            } else {
                signers.add(signature.authorityKeyHash());
            }
        }
        boolean valid = signers.size() >= threshold;
        if (!valid) {
            problems.add(signers.size() + " valid authority signatures, " + threshold + " required");
        }
        return new CheckpointVerdict(valid, signers.size(), threshold, problems);
    }
}
