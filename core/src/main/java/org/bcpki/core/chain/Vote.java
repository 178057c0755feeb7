package org.bcpki.core.chain;

import java.util.Objects;

/** A proposer's vote carried in extraData: add {@code subject} to, or remove it from, the validators. */
public record Vote(Address subject, boolean add) {
    public Vote {
        Objects.requireNonNull(subject, "subject");
    }

    public static Vote add(Address subject) {
        return new Vote(subject, true);
    }

    public static Vote remove(Address subject) {
        return new Vote(subject, false);
    }
}
