package org.bcpki.core.chain;

import java.util.Optional;

/** One check a QBFT header must pass against its parent. */
@FunctionalInterface
public interface HeaderRule {
    /** Empty when the header passes, else a one-line reason. Never throws for bad header data. */
    Optional<String> check(BlockHeader header, BlockHeader parent, ValidationContext context);
}
