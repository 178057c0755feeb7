package org.bcpki.core.chain;

import java.util.Optional;

/** Blocks are at least one block period apart (QBFT's minimum spacing). */
public final class TimestampRule implements HeaderRule {
    @Override
    public Optional<String> check(BlockHeader header, BlockHeader parent, ValidationContext context) {
        long earliest = parent.timestamp() + context.blockPeriodSeconds();
        return header.timestamp() >= earliest
                ? Optional.empty()
                : Optional.of("timestamp " + header.timestamp() + " is before parent timestamp + block period ("
                        + earliest + ")");
    }
}
