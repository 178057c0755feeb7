package org.bcpki.eval;

/**
 * One measured quantity. {@code system} says what was measured ("chain", "x509", or "shared" for
 * things both use, such as signature algorithms); {@code summary} is present for latency-like metrics,
 * in which case {@code value} is its median.
 */
public record Metric(String section, String name, String system, String unit, double value, Summary summary, String note) {

    public static Metric value(String section, String name, String system, String unit, double value, String note) {
        return new Metric(section, name, system, unit, value, null, note);
    }

    public static Metric distribution(String section, String name, String system, String unit, Summary summary, String note) {
        return new Metric(section, name, system, unit, summary.p50(), summary, note);
    }
}
