package org.bcpki.eval.scale;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What report.md derives from the measured rows of one run: fits of the size metrics against N with their
 * extrapolations, and every chain/X.509 comparison as a ratio of numbers from that run.
 */
public final class ScaleAnalysis {
    private ScaleAnalysis() {}

    /** N the goal of issue #15 is stated at. */
    public static final long GOAL_N = 10_000_000L;
    /** Goal per cold check at {@link #GOAL_N}: proof bytes (RLP nodes), 4 KB = 4000 B. */
    public static final double GOAL_RLP_BYTES = 4000;
    /** Goal per cold check at {@link #GOAL_N}: bytes on the wire (JSON gzip), 5 KB = 5000 B. */
    public static final double GOAL_GZIP_BYTES = 5000;

    /** A fitted series: its identity, the x it was fitted against, the fit and where it lands at {@code atN}. */
    public record Fitted(String metric, String system, String variant, int gateways, double revokedPercent, String unit,
                         String xName, List<double[]> points, LeastSquaresFit fit, Double goal) {
        public String label() {
            return system + (variant.isEmpty() ? "" : " " + variant) + (gateways > 0 ? " G=" + gateways : "")
                    + (revokedPercent > 0 && xName.equals("N") ? " revoked " + ScaleReport.number(revokedPercent) + "%" : "");
        }
    }

    /** Metrics that grow with log16(N) (trie depth). */
    static final List<String> LOG16_METRICS = List.of(ScaleMetrics.PROOF_BYTES_RLP, ScaleMetrics.PROOF_BYTES_JSON,
            ScaleMetrics.PROOF_BYTES_GZIP, ScaleMetrics.NEW_BLOCK_REFRESH_BYTES);
    /** Metrics that grow linearly in N. */
    static final List<String> LINEAR_N_METRICS = List.of(ScaleMetrics.STATE_SIZE);
    /** Metrics that grow linearly in the number of revoked certificates (N × revoked %). */
    static final List<String> LINEAR_REVOKED_METRICS = List.of(ScaleMetrics.X509_FULL_CRL_BYTES,
            ScaleMetrics.X509_DELTA_CRL_BYTES);

    public static List<Fitted> fits(List<ScaleRow> rows) {
        List<Fitted> fits = new ArrayList<>();
        Map<List<Object>, List<ScaleRow>> series = new LinkedHashMap<>();
        for (ScaleRow r : rows) {
            if (!r.measured()) {
                continue;
            }
            boolean byRevoked = LINEAR_REVOKED_METRICS.contains(r.metric());
            if (byRevoked || LOG16_METRICS.contains(r.metric()) || LINEAR_N_METRICS.contains(r.metric())) {
                List<Object> key = List.of(r.metric(), r.system(), r.variant(), r.gateways(),
                        byRevoked ? -1.0 : r.revokedPercent(), r.unit());
                series.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<List<Object>, List<ScaleRow>> s : series.entrySet()) {
            List<ScaleRow> points = s.getValue();
            ScaleRow first = points.getFirst();
            boolean byRevoked = LINEAR_REVOKED_METRICS.contains(first.metric());
            double[] x = points.stream().mapToDouble(r -> byRevoked ? r.n() * r.revokedPercent() / 100 : r.n()).toArray();
            double[] y = points.stream().mapToDouble(ScaleRow::value).toArray();
            if (java.util.Arrays.stream(x).distinct().count() < 2) {
                continue;
            }
            LeastSquaresFit fit = LOG16_METRICS.contains(first.metric())
                    ? LeastSquaresFit.log16(x, y) : LeastSquaresFit.linear(x, y);
            List<double[]> xy = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                xy.add(new double[] {x[i], y[i]});
            }
            xy.sort(Comparator.comparingDouble(p -> p[0]));
            Double goal = first.metric().equals(ScaleMetrics.PROOF_BYTES_RLP) ? Double.valueOf(GOAL_RLP_BYTES)
                    : first.metric().equals(ScaleMetrics.PROOF_BYTES_GZIP) ? Double.valueOf(GOAL_GZIP_BYTES) : null;
            fits.add(new Fitted(first.metric(), first.system(), first.variant(), first.gateways(),
                    byRevoked ? 0 : first.revokedPercent(), first.unit(), byRevoked ? "revoked certificates" : "N", xy, fit, goal));
        }
        return fits;
    }

    /** The extrapolations of the fits as rows of section "fits": log16 ones at N = 10^7 and at the national N. */
    public static List<ScaleRow> fitRows(List<Fitted> fits, long nationalN, double nationalCrlEntries) {
        List<ScaleRow> rows = new ArrayList<>();
        for (Fitted f : fits) {
            String model = describe(f);
            if (f.xName().equals("N")) {
                for (long n : new long[] {GOAL_N, nationalN}) {
                    double value = f.fit().predict(n);
                    String verdict = f.goal() == null || n != GOAL_N ? ""
                            : value <= f.goal() ? "; meets the goal <= " + ScaleReport.number(f.goal()) + " B"
                            : "; misses the goal <= " + ScaleReport.number(f.goal()) + " B";
                    rows.add(new ScaleRow("fits", f.metric(), f.system(), f.variant(), n, f.gateways(), f.revokedPercent(),
                            f.unit(), value, null, false, model + verdict));
                }
            } else {
                rows.add(new ScaleRow("fits", f.metric(), f.system(), f.variant(), nationalN, f.gateways(),
                        100 * nationalCrlEntries / nationalN, f.unit(), f.fit().predict(nationalCrlEntries), null, false,
                        model + String.format(Locale.ROOT, " at %s revoked certificates", NationalModel.count(nationalCrlEntries))));
            }
        }
        return rows;
    }

    static String describe(Fitted f) {
        String x = f.fit().model().equals(LeastSquaresFit.LOG16) ? "log16(N)" : f.xName().equals("N") ? "N" : "revoked";
        return String.format(Locale.ROOT, "%s + %s·%s fitted to %d points (RMS %s, max relative residual %.2f%%)",
                ScaleReport.number(f.fit().a()), ScaleReport.number(f.fit().b()), x, f.fit().points(),
                ScaleReport.number(f.fit().rmsError()), 100 * f.fit().maxRelativeResidual());
    }

    /** A chain/X.509 comparison: x509 metric over chain metric, matched on N (and on G when {@code sameG}). */
    record Comparison(String name, String chainMetric, String x509Metric, boolean sameG) {}

    static final List<Comparison> COMPARISONS = List.of(
            new Comparison("warm: x509 warm per reading / chain warm check", ScaleMetrics.WARM_CHECK_LATENCY,
                    ScaleMetrics.X509_WARM_PER_READING, false),
            new Comparison("first contact: x509 path validation / chain cold check", ScaleMetrics.COLD_CHECK_LATENCY,
                    ScaleMetrics.X509_FIRST_CONTACT, false),
            new Comparison("bytes: full CRL / cold check (gzip)", ScaleMetrics.PROOF_BYTES_GZIP,
                    ScaleMetrics.X509_FULL_CRL_BYTES, false),
            new Comparison("bytes: delta CRL per period / new block refresh", ScaleMetrics.NEW_BLOCK_REFRESH_BYTES,
                    ScaleMetrics.X509_DELTA_CRL_BYTES, false),
            new Comparison("bytes: OCSP response / cold check (gzip)", ScaleMetrics.PROOF_BYTES_GZIP,
                    ScaleMetrics.X509_OCSP_RESPONSE_BYTES, false),
            new Comparison("bytes: OCSP response / cold check proof (RLP)", ScaleMetrics.PROOF_BYTES_RLP,
                    ScaleMetrics.X509_OCSP_RESPONSE_BYTES, false),
            new Comparison("rate: OCSP responder / mirror eth_getProof", ScaleMetrics.MIRROR_PROOF_RATE,
                    ScaleMetrics.X509_OCSP_RATE, true),
            new Comparison("latency: OCSP responder / mirror eth_getProof", ScaleMetrics.MIRROR_PROOF_LATENCY,
                    ScaleMetrics.X509_OCSP_LATENCY, true));

    /** Rows of section "ratios": value = x509 / chain, both measured in this run at the same N (and G). */
    public static List<ScaleRow> ratios(List<ScaleRow> rows) {
        List<ScaleRow> ratios = new ArrayList<>();
        for (Comparison c : COMPARISONS) {
            for (ScaleRow chain : rows) {
                if (!chain.measured() || !chain.metric().equals(c.chainMetric()) || chain.value() == 0) {
                    continue;
                }
                for (ScaleRow x509 : rows) {
                    if (x509.measured() && x509.metric().equals(c.x509Metric()) && x509.n() == chain.n()
                            && (!c.sameG() || x509.gateways() == chain.gateways())
                            && (chain.revokedPercent() == 0 || x509.revokedPercent() == chain.revokedPercent())) {
                        String variant = Objects.toString(chain.variant(), "") + " vs " + x509.variant()
                                + (x509.revokedPercent() > 0 ? " (revoked " + ScaleReport.number(x509.revokedPercent()) + "%)" : "");
                        ratios.add(new ScaleRow("ratios", c.name(), "both", variant.trim(), chain.n(),
                                c.sameG() ? chain.gateways() : 0, x509.revokedPercent(), "x509/chain",
                                x509.value() / chain.value(), null, true, String.format(Locale.ROOT,
                                "%s %s / %s %s", ScaleReport.number(x509.value()), x509.unit(),
                                ScaleReport.number(chain.value()), chain.unit())));
                    }
                }
            }
        }
        return ratios;
    }
}
