package org.bcpki.chain.bench;

/**
 * Numbers from one benchmark run. Latencies in milliseconds; disk figures are the growth of
 * validator-1's data directory (SQLite block store plus LevelDB state) during the load, over the
 * blocks and transactions finalised in that time.
 *
 * @param offeredRate the transactions per second the run was asked to submit
 * @param submittedRate the rate they were submitted at: below {@code offeredRate} when the senders
 *     waited for blocks ({@code heldBackSeconds})
 * @param heldBackSeconds how long the senders waited because each sender already had
 *     {@code senderWindow} unsealed transactions, all a validator's pool takes from one sender
 */
public record BenchResult(
        int validators,
        int mirrors,
        long blockPeriodMillis,
        double durationSeconds,
        int offeredRate,
        double submittedRate,
        double heldBackSeconds,
        int senderWindow,
        long submitted,
        long finalised,
        double sustainedTps,
        double finalityP50Millis,
        double finalityP95Millis,
        int proofSamples,
        double getProofP50Millis,
        double getProofP99Millis,
        long blocks,
        long diskBytes,
        double diskBytesPerBlock,
        double diskBytesPerTransaction) {}
