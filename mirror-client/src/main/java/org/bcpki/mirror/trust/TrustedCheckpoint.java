package org.bcpki.mirror.trust;

import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.PendingVote;
import org.bcpki.core.chain.VoteTally;

/**
 * A verified block the client can restart from without its ancestors: its hash and the vote tally
 * after it. Kept for the anchor, every epoch block passed, and every fast catch-up target.
 */
public record TrustedCheckpoint(long number, Bytes32 hash, long timestamp, List<Address> validators,
        List<PendingVote> pendingVotes, String reason) {
    public TrustedCheckpoint {
        validators = List.copyOf(validators);
        pendingVotes = List.copyOf(pendingVotes);
    }

    public VoteTally tally() {
        return VoteTally.of(validators, pendingVotes);
    }
}
