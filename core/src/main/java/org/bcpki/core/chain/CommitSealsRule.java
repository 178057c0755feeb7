package org.bcpki.core.chain;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The block is final: its seals recover to distinct validators of this block, at least
 * ceil(2n/3) of them.
 */
public final class CommitSealsRule implements HeaderRule {
    @Override
    public Optional<String> check(BlockHeader header, BlockHeader parent, ValidationContext context) {
        List<Address> signers;
        try {
            signers = CommitSeals.signers(header);
        } catch (IllegalArgumentException e) {
            return Optional.of("commit seals cannot be verified: " + e.getMessage());
        }
        Set<Address> seen = new HashSet<>();
        for (Address signer : signers) {
            if (!seen.add(signer)) {
                return Optional.of("validator " + signer + " sealed more than once");
            }
            if (!context.validators().contains(signer)) {
                return Optional.of("seal by " + signer + ", which is not a validator");
            }
        }
        int quorum = Quorum.of(context.validators().size());
        return signers.size() >= quorum
                ? Optional.empty()
                : Optional.of(signers.size() + " commit seals, quorum is " + quorum);
    }
}
