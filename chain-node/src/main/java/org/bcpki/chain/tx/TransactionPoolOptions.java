package org.bcpki.chain.tx;

/**
 * The pool's limits under Besu's option names (sequenced pool).
 *
 * @param maxSize {@code tx-pool-max-size}: transactions the pool holds
 * @param limitByAccountPercentage {@code tx-pool-limit-by-account-percentage}: the share of
 *     {@code maxSize} one sender may hold (so one key can never fill the pool)
 * @param maxFutureBySender {@code tx-pool-max-future-by-sender}: how far ahead of its account
 *     nonce a sender's transaction may be (nonce gaps never fill the pool)
 */
public record TransactionPoolOptions(int maxSize, double limitByAccountPercentage, int maxFutureBySender) {
    public static final TransactionPoolOptions DEFAULT = new TransactionPoolOptions(20_000, 0.01, 200);

    public TransactionPoolOptions {
        if (maxSize < 1 || maxFutureBySender < 1 || !(limitByAccountPercentage > 0 && limitByAccountPercentage <= 1)) {
            throw new IllegalArgumentException("tx-pool-max-size and tx-pool-max-future-by-sender must be positive and "
                    + "tx-pool-limit-by-account-percentage in (0, 1]");
        }
    }

    /** Transactions one sender may have in the pool. */
    public int maxPerSender() {
        return Math.max(1, (int) Math.ceil(maxSize * limitByAccountPercentage));
    }
}
