package org.bcpki.core.chain;

import java.util.Optional;

/** The coinbase is the block's proposer, which must be one of the validators. */
public final class ProposerRule implements HeaderRule {
    @Override
    public Optional<String> check(BlockHeader header, BlockHeader parent, ValidationContext context) {
        return context.validators().contains(header.coinbase())
                ? Optional.empty()
                : Optional.of("coinbase " + header.coinbase() + " is not a validator");
    }
}
