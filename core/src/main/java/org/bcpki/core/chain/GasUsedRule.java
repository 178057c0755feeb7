package org.bcpki.core.chain;

import java.util.Optional;

/** A block cannot use more gas than its limit. */
public final class GasUsedRule implements HeaderRule {
    @Override
    public Optional<String> check(BlockHeader header, BlockHeader parent, ValidationContext context) {
        return header.gasUsed() <= header.gasLimit()
                ? Optional.empty()
                : Optional.of("gasUsed " + header.gasUsed() + " exceeds gasLimit " + header.gasLimit());
    }
}
