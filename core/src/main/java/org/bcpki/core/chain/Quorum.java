package org.bcpki.core.chain;

/** The number of commit seals a QBFT block needs: ceil(2n/3) of n validators. */
public final class Quorum {
    private Quorum() {}

    public static int of(int validators) {
        if (validators < 0) {
            throw new IllegalArgumentException("validator count must not be negative: " + validators);
        }
        return (2 * validators + 2) / 3;
    }
}
