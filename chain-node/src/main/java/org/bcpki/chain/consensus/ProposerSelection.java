package org.bcpki.chain.consensus;

import java.util.List;
import org.bcpki.core.chain.Address;

/**
 * Besu's round-robin proposer choice: the validator after the parent block's proposer (in sorted
 * order, wrapping; the first validator when the parent proposer is not one), advanced by the round.
 */
public final class ProposerSelection {
    private ProposerSelection() {}

    public static Address proposer(List<Address> sortedValidators, Address parentProposer, int round) {
        int n = sortedValidators.size();
        int start = 0;
        while (start < n && sortedValidators.get(start).compareTo(parentProposer) <= 0) {
            start++;
        }
        start = start == n ? 0 : start;
        return sortedValidators.get((int) ((start + (long) round) % n));
    }
}
