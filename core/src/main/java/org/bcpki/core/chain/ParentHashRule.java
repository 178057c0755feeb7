package org.bcpki.core.chain;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/** parentHash must be the parent's QBFT block hash (round 0, no seals), linking the chain. */
public final class ParentHashRule implements HeaderRule {
    @Override
    public Optional<String> check(BlockHeader header, BlockHeader parent, ValidationContext context) {
        Bytes32 expected;
        try {
            expected = BftHashing.blockHash(parent);
        } catch (IllegalArgumentException e) {
            return Optional.of("parent hash cannot be computed: " + e.getMessage());
        }
        return header.parentHash().equals(expected)
                ? Optional.empty()
                : Optional.of("parentHash " + header.parentHash() + " is not the parent's hash " + expected);
    }
}
