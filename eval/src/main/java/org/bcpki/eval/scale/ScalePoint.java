package org.bcpki.eval.scale;

import java.util.ArrayList;
import java.util.List;
import org.bcpki.eval.Summary;

/** One registry size and revocation rate being measured: collects its rows. */
final class ScalePoint {
    final long n;
    final double revokedPercent;
    final boolean quick;
    final List<ScaleRow> rows = new ArrayList<>();
    /** What could not be measured at this point, and why. */
    final List<String> notes = new ArrayList<>();

    ScalePoint(long n, double revokedPercent, boolean quick) {
        this.n = n;
        this.revokedPercent = revokedPercent;
        this.quick = quick;
    }

    void value(String section, String metric, String system, String variant, int gateways, String unit, double value,
               String note) {
        rows.add(ScaleRow.value(section, metric, system, variant, n, gateways, revokedPercent, unit, value, note));
    }

    void distribution(String section, String metric, String system, String variant, int gateways, String unit,
                      double[] samples, String note) {
        rows.add(ScaleRow.distribution(section, metric, system, variant, n, gateways, revokedPercent, unit,
                Summary.of(samples), note));
    }

    static double[] toArray(List<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).toArray();
    }
}
