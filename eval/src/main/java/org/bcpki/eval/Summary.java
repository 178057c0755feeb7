package org.bcpki.eval;

import java.util.Arrays;

/** Order statistics of a sample (nearest-rank percentiles), in the sample's own unit. */
public record Summary(int count, double min, double p50, double p95, double p99, double max, double mean) {

    public static Summary of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples to summarize");
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double s : sorted) {
            sum += s;
        }
        return new Summary(sorted.length, sorted[0], rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
                sorted[sorted.length - 1], sum / sorted.length);
    }

    /** Nanosecond samples summarized in milliseconds. */
    public static Summary ofNanosAsMillis(long[] nanos) {
        double[] millis = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            millis[i] = nanos[i] / 1e6;
        }
        return of(millis);
    }

    private static double rank(double[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
