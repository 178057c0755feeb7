package org.bcpki.mirror.trust;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.PendingVote;
import org.bcpki.core.chain.VoteTally;

/**
 * Where trust starts: a block the operator vouches for (the genesis, or a later checkpoint) and the
 * validator set in force after it. Its file form is {@link org.bcpki.mirror.follow.TrustAnchorFile}.
 *
 * @param validators the sorted set in force for block {@code number + 1} (for a genesis anchor: the
 *     genesis extraData validators)
 * @param pendingVotes votes pending after the anchor block (empty for genesis and epoch blocks)
 * @param authorityKeys ML-DSA-65 SPKI DER keys of the checkpoint-signing authorities (may be empty
 *     when {@code trust} is {@code seals})
 * @param checkpointRegistry the CheckpointRegistry contract whose events publish the authorities'
 *     signatures (null: checkpoints are only submitted through {@code MirrorClient.submitCheckpoint})
 */
public record TrustAnchor(Kind kind, long chainId, long number, Bytes32 hash, List<Address> validators,
        List<PendingVote> pendingVotes, long epochLength, long blockPeriodSeconds, HeaderTrust trust,
        List<Bytes> authorityKeys, int checkpointThreshold, Bytes checkpointRegistry) {

    public enum Kind { GENESIS, CHECKPOINT }

    public TrustAnchor {
        validators = List.copyOf(validators);
        pendingVotes = List.copyOf(pendingVotes);
        authorityKeys = List.copyOf(authorityKeys);
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("a trust anchor needs at least one validator");
        }
        for (int i = 1; i < validators.size(); i++) {
            if (validators.get(i - 1).compareTo(validators.get(i)) >= 0) {
                throw new IllegalArgumentException("anchor validators must be sorted ascending and distinct");
            }
        }
        if (kind == Kind.GENESIS && (number != 0 || !pendingVotes.isEmpty())) {
            throw new IllegalArgumentException("a genesis anchor is block 0 with no pending votes");
        }
        if (checkpointRegistry != null && checkpointRegistry.size() != 20) {
            throw new IllegalArgumentException("the checkpoint registry address must be 20 bytes");
        }
        if (number < 0 || epochLength < 1 || blockPeriodSeconds < 0) {
            throw new IllegalArgumentException("anchor number, epochLength and blockPeriodSeconds out of range");
        }
        if (trust.needsCheckpoints()) {
            if (chainId <= 0) {
                throw new IllegalArgumentException("trust " + trust.label() + " needs the anchor's chainId");
            }
            // Decoding the keys here rejects a bad anchor at load time rather than at the first checkpoint.
            checkpointVerifier(authorityKeys, checkpointThreshold);
        }
    }

    public VoteTally tally() {
        return VoteTally.of(validators, pendingVotes);
    }

    /** The verifier for this anchor's authorities; fails when the anchor has none. */
    public CheckpointVerifier checkpointVerifier() {
        return checkpointVerifier(authorityKeys, checkpointThreshold);
    }

    private static CheckpointVerifier checkpointVerifier(List<Bytes> keys, int threshold) {
        List<byte[]> spkis = new ArrayList<>();
        for (Bytes key : keys) {
            spkis.add(key.toArray());
        }
        if (spkis.isEmpty()) {
            throw new IllegalArgumentException("the anchor lists no checkpoint authorities");
        }
        return new CheckpointVerifier(spkis, threshold);
    }

    /** A genesis anchor trusting only seals. */
    public static TrustAnchor genesis(long chainId, Bytes32 hash, List<Address> validators, long epochLength,
            long blockPeriodSeconds) {
        return new TrustAnchor(Kind.GENESIS, chainId, 0, hash, validators, List.of(), epochLength, blockPeriodSeconds,
                HeaderTrust.SEALS, List.of(), 0, null);
    }

    /** The same anchor with post-quantum checkpoint trust: k of the given authority keys, published by {@code checkpointRegistry}. */
    public TrustAnchor withCheckpoints(HeaderTrust mode, List<Bytes> keys, int threshold, Bytes registry) {
        return new TrustAnchor(kind, chainId, number, hash, validators, pendingVotes, epochLength, blockPeriodSeconds,
                mode, keys, threshold, registry);
    }
}
