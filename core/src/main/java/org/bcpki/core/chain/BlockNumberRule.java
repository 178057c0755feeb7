package org.bcpki.core.chain;

import java.util.Optional;

/** A block's number is its parent's plus one. */
public final class BlockNumberRule implements HeaderRule {
    @Override
    public Optional<String> check(BlockHeader header, BlockHeader parent, ValidationContext context) {
        return header.number() == parent.number() + 1
                ? Optional.empty()
                : Optional.of("block number " + header.number() + " does not follow parent " + parent.number());
    }
}
