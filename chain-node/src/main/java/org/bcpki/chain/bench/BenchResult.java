package org.bcpki.chain.bench;

/**
 * Numbers from one benchmark run. Latencies in milliseconds; disk figures are the growth of
 * validator-1's data directory (SQLite block store plus LevelDB state) during the load, over the
 * blocks and transactions finalised in that time.
 */
public record BenchResult(
        int validators,
        int mirrors,
        long blockPeriodMillis,
        double durationSeconds,
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
