package org.bcpki.core.chain;

import java.util.List;

/**
 * What a header is checked against: the validator set that applies to this block (from the vote
 * tally after its parent) and the configured block period.
 */
public record ValidationContext(List<Address> validators, long blockPeriodSeconds) {
    public ValidationContext {
        validators = validators.stream().sorted().distinct().toList();
        if (blockPeriodSeconds < 0) {
            throw new IllegalArgumentException("block period must not be negative: " + blockPeriodSeconds);
        }
    }
}
