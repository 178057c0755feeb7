package org.bcpki.eval.scale;

import org.bcpki.eval.Summary;

/**
 * One measured point of {@code bcpki eval scale}: a metric at registry size {@code n} with
 * {@code gateways} concurrent light clients (or relying parties) and {@code revokedPercent} of the
 * registry revoked. {@code system} is "chain" or "x509"; {@code variant} tells apart what one metric
 * measures several ways (the proof layout "3-slot"/"1-slot", the responder key "ecdsa"/"mldsa65",
 * "presigned"/"per-request", a freshness such as "15 min"), empty when there is only one.
 * {@code summary} is present for distributions, in which case {@code value} is its median.
 * {@code measured} is false for numbers a model derived from measured ones (extrapolations).
 */
public record ScaleRow(String section, String metric, String system, String variant, long n, int gateways,
                       double revokedPercent, String unit, double value, Summary summary, boolean measured,
                       String note) {

    public ScaleRow {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(metric + " is not a finite number: " + value);
        }
        variant = variant == null ? "" : variant;
        note = note == null ? "" : note;
    }

    public static ScaleRow value(String section, String metric, String system, String variant, long n, int gateways,
                                 double revokedPercent, String unit, double value, String note) {
        return new ScaleRow(section, metric, system, variant, n, gateways, revokedPercent, unit, value, null, true, note);
    }

    public static ScaleRow distribution(String section, String metric, String system, String variant, long n,
                                        int gateways, double revokedPercent, String unit, Summary summary, String note) {
        return new ScaleRow(section, metric, system, variant, n, gateways, revokedPercent, unit, summary.p50(), summary,
                true, note);
    }
}
