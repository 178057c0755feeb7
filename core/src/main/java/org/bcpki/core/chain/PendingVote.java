package org.bcpki.core.chain;

import java.util.Objects;

/** A vote seen in a header but not yet applied: {@code proposer} wants {@code subject} added/removed. */
public record PendingVote(Address proposer, Address subject, boolean add) {
    public PendingVote {
        Objects.requireNonNull(proposer, "proposer");
        Objects.requireNonNull(subject, "subject");
    }
}
