package org.bcpki.mirror.trust;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.CheckpointMessage;

/**
 * When a block attested by post-quantum checkpoint signatures becomes the block decisions rest on
 * (trust {@code pqc-checkpoints} or {@code both}): k anchored authorities signed the message built
 * from a header this client hashed itself; the block is newer than the one attested now; and with
 * {@code both} the seal-verified chain holds it too. The block's own extraData validators give the
 * validator-set hash.
 */
public final class CheckpointRule {
    private CheckpointRule() {}

    /** The signatures among {@code signatures} that verify over {@code header}'s checkpoint, one per authority. */
    public static List<CheckpointSignature> validSignatures(TrustAnchor anchor, BlockHeader header, List<Bytes> signatures) {
        CheckpointMessage checkpoint;
        try {
            checkpoint = CheckpointMessage.of(anchor.chainId(), header);
        } catch (RuntimeException e) {
            return List.of();
        }
        Map<Bytes32, CheckpointSignature> bySigner = new LinkedHashMap<>();
        for (Bytes signature : signatures) {
            anchor.checkpointVerifier().signerOf(checkpoint, signature)
                    .ifPresent(signer -> bySigner.putIfAbsent(signer, new CheckpointSignature(signer, signature)));
        }
        return List.copyOf(bySigner.values());
    }

    /**
     * Whether {@code header} may replace {@code attested} (null: none yet) as the attested block.
     *
     * @param chain the seal-verified chain (consulted with trust {@code both})
     */
    public static CheckpointVerdict accept(TrustAnchor anchor, VerifiedChain chain, BlockRef attested, BlockHeader header,
            List<CheckpointSignature> signatures) {
        if (!anchor.trust().needsCheckpoints()) {
            return new CheckpointVerdict(false, 0, 0, List.of("this client trusts seals only"));
        }
        List<String> problems = new ArrayList<>();
        CheckpointMessage checkpoint;
        try {
            checkpoint = CheckpointMessage.of(anchor.chainId(), header);
        } catch (RuntimeException e) {
            return new CheckpointVerdict(false, 0, 0, List.of("checkpoint header cannot be read: " + e.getMessage()));
        }
        if (anchor.trust().needsSeals()) {
            Bytes32 hash = checkpoint.blockHash();
            boolean sealed = chain.header(header.number()).map(h -> BftHashing.blockHash(h).equals(hash)).orElse(false);
            if (!sealed) {
                problems.add("block " + header.number() + " is not a seal-verified block of the retained chain");
            }
        }
        if (attested != null && header.number() <= attested.number()) {
            problems.add("block " + header.number() + " is not newer than the attested block " + attested.number());
        }
        CheckpointVerdict verdict = anchor.checkpointVerifier().verify(checkpoint, signatures);
        problems.addAll(verdict.problems());
        if (!problems.isEmpty() || !verdict.valid()) {
            return new CheckpointVerdict(false, verdict.validSignatures(), verdict.threshold(), problems);
        }
        return verdict;
    }
}
