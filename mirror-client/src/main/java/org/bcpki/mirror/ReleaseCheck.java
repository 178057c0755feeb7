package org.bcpki.mirror;

import org.bcpki.mirror.trust.BlockRef;
import org.bcpki.mirror.trust.ProvenRelease;

/**
 * A release's status as the light client could establish it: proven at a fresh verified block, or
 * stale (no fresh block, no honest endpoint), which a caller must treat as a refusal.
 *
 * @param proven the proven release, null when stale
 * @param block the decision block (null when there is none yet)
 * @param staleReason why no fresh proof was had, null when proven
 */
public record ReleaseCheck(ProvenRelease proven, BlockRef block, String staleReason) {
    static ReleaseCheck stale(BlockRef block, String reason) {
        return new ReleaseCheck(null, block, reason);
    }

    public boolean stale() {
        return proven == null;
    }
}
