package org.bcpki.eval.scale;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bytes per day one gateway with {@value #IDENTITIES} identities downloads to keep its answers no staler than
 * it accepts, for the chain and for X.509 as its best operators run it. Every input is a measured row of the
 * same run (or, for the national table, an extrapolation of one); the arithmetic is the model:
 * <ul>
 * <li>chain: follow every header (headers per day × bytes per header), plus re-prove the identities once per
 * staleness period if the registry changed in it (probability 1 − e^(−λ·period) at λ registry changes per
 * second);</li>
 * <li>full CRL: the whole CRL again every nextUpdate = staleness (at most daily);</li>
 * <li>base + delta CRL: the base daily, a delta every other staleness period;</li>
 * <li>OCSP: each identity polled every staleness period, request plus response.</li>
 * </ul>
 */
public final class FreshnessModel {
    private FreshnessModel() {}

    public static final int IDENTITIES = 10;
    public static final double DAY_SECONDS = 86_400;
    /** The testbed's QBFT block period. */
    public static final double BLOCK_SECONDS = 1;

    /**
     * A DER OCSPRequest for one certificate (RFC 6960 4.1.1, SHA-1 CertID, 16-byte serial, no nonce as RFC 5019
     * recommends): 83 bytes. Used only when the run has no measured row {@link ScaleMetrics#X509_OCSP_REQUEST_BYTES}.
     */
    public static final double OCSP_REQUEST_BYTES_DER = 83;

    public static final String CHAIN_STRATEGY = "headers + re-prove";
    public static final String FULL_CRL = "full CRL";
    public static final String BASE_DELTA_CRL = "base CRL + delta CRL";
    public static final String OCSP = "OCSP";

    public record Staleness(String label, double seconds) {}

    public static List<Staleness> stalenesses() {
        return List.of(new Staleness("1 block", BLOCK_SECONDS), new Staleness("1 min", 60), new Staleness("15 min", 900),
                new Staleness("1 h", 3600), new Staleness("24 h", DAY_SECONDS));
    }

    /**
     * The model's inputs. {@code reproveBytes}: bytes to re-prove one identity at a new block, per proof layout;
     * {@code ocspResponseBytes} per responder key. A null or empty input leaves its strategy out.
     */
    public record Inputs(long n, double revokedPercent, double blockSeconds, double registryChangesPerSecond,
                         Double headerBytes, Map<String, Double> reproveBytes, String reproveSource,
                         Double fullCrlBytes, Double deltaCrlBytes, double ocspRequestBytes, String ocspRequestSource,
                         Map<String, Double> ocspResponseBytes, boolean measured) {}

    /** One strategy at one staleness. */
    public record Point(String system, String strategy, Staleness staleness, double bytesPerDay, String model) {}

    public static double chainBytesPerDay(double blockSeconds, double headerBytes, double changesPerSecond,
                                          double reproveBytesPerIdentity, double stalenessSeconds) {
        double headers = DAY_SECONDS / blockSeconds * headerBytes;
        double changed = 1 - Math.exp(-changesPerSecond * stalenessSeconds);
        return headers + DAY_SECONDS / stalenessSeconds * changed * IDENTITIES * reproveBytesPerIdentity;
    }

    public static double fullCrlBytesPerDay(double crlBytes, double stalenessSeconds) {
        return DAY_SECONDS / Math.min(stalenessSeconds, DAY_SECONDS) * crlBytes;
    }

    public static double baseDeltaBytesPerDay(double baseBytes, double deltaBytes, double stalenessSeconds) {
        double periods = DAY_SECONDS / Math.min(stalenessSeconds, DAY_SECONDS);
        // The base itself serves the period it is issued in.
        return baseBytes + (periods - 1) * deltaBytes;
    }

    public static double ocspBytesPerDay(double requestBytes, double responseBytes, double stalenessSeconds) {
        return DAY_SECONDS / stalenessSeconds * IDENTITIES * (requestBytes + responseBytes);
    }

    public static List<Point> points(Inputs in) {
        List<Point> points = new ArrayList<>();
        for (Staleness s : stalenesses()) {
            double seconds = s.label().equals("1 block") ? in.blockSeconds() : s.seconds();
            Staleness at = new Staleness(s.label(), seconds);
            if (in.headerBytes() != null) {
                in.reproveBytes().forEach((layout, bytes) -> points.add(new Point("chain",
                        CHAIN_STRATEGY + " (" + layout + ")", at,
                        chainBytesPerDay(in.blockSeconds(), in.headerBytes(), in.registryChangesPerSecond(), bytes, seconds),
                        String.format(java.util.Locale.ROOT,
                                "86400/%.3g s × %.0f B per header + 86400/%.3g s × (1 − e^(−%.3g/s × %.3g s)) × %d × %.0f B (%s)",
                                in.blockSeconds(), in.headerBytes(), seconds, in.registryChangesPerSecond(), seconds,
                                IDENTITIES, bytes, in.reproveSource()))));
            }
            if (in.fullCrlBytes() != null) {
                points.add(new Point("x509", FULL_CRL, at, fullCrlBytesPerDay(in.fullCrlBytes(), seconds),
                        String.format(java.util.Locale.ROOT, "86400/min(%.3g s, 1 day) × %.0f B full CRL",
                                seconds, in.fullCrlBytes())));
                if (in.deltaCrlBytes() != null) {
                    points.add(new Point("x509", BASE_DELTA_CRL, at,
                            baseDeltaBytesPerDay(in.fullCrlBytes(), in.deltaCrlBytes(), seconds),
                            String.format(java.util.Locale.ROOT, "%.0f B base daily + (86400/min(%.3g s, 1 day) − 1) × %.0f B delta",
                                    in.fullCrlBytes(), seconds, in.deltaCrlBytes())));
                }
            }
            in.ocspResponseBytes().forEach((key, bytes) -> points.add(new Point("x509", OCSP + " (" + key + ")", at,
                    ocspBytesPerDay(in.ocspRequestBytes(), bytes, seconds),
                    String.format(java.util.Locale.ROOT, "86400/%.3g s × %d × (%.0f B request (%s) + %.0f B response)",
                            seconds, IDENTITIES, in.ocspRequestBytes(), in.ocspRequestSource(), bytes))));
        }
        return points;
    }

    /** The points as rows of section "freshness" (variant = staleness; the note starts with the strategy). */
    public static List<ScaleRow> rows(String section, Inputs in) {
        return points(in).stream().map(p -> new ScaleRow(section, ScaleMetrics.BYTES_PER_DAY_AT_STALENESS, p.system(),
                p.staleness().label(), in.n(), 1, in.revokedPercent(), "bytes/day", p.bytesPerDay(), null, false,
                p.strategy() + ": " + p.model())).toList();
    }

    /**
     * Inputs from the measured rows of a run, each at the largest N it was measured at (CRL rows at the revoked
     * share closest to 1 %). The re-proving cost is the measured "new block refresh bytes" per layout when the run
     * has it, else the gzip bytes of one cold check.
     */
    public static Inputs fromRows(List<ScaleRow> rows, double registryChangesPerSecond) {
        Optional<ScaleRow> header = largestN(rows, ScaleMetrics.HEADER_BYTES, "chain");
        Map<String, Double> reprove = byVariant(rows, ScaleMetrics.NEW_BLOCK_REFRESH_BYTES);
        String source = "measured new block refresh bytes per identity";
        if (reprove.isEmpty()) {
            reprove = byVariant(rows, ScaleMetrics.PROOF_BYTES_GZIP);
            source = "measured bytes of one cold check (JSON gzip) per identity";
        }
        Optional<ScaleRow> crl = crlRow(rows, ScaleMetrics.X509_FULL_CRL_BYTES);
        Optional<ScaleRow> delta = crlRow(rows, ScaleMetrics.X509_DELTA_CRL_BYTES);
        Optional<ScaleRow> request = largestN(rows, ScaleMetrics.X509_OCSP_REQUEST_BYTES, "x509");
        long n = rows.stream().filter(r -> r.metric().equals(ScaleMetrics.PROOF_BYTES_GZIP)
                || r.metric().equals(ScaleMetrics.X509_FULL_CRL_BYTES)).mapToLong(ScaleRow::n).max().orElse(0);
        return new Inputs(n, crl.map(ScaleRow::revokedPercent).orElse(0.0), BLOCK_SECONDS, registryChangesPerSecond,
                header.map(ScaleRow::value).orElse(null), reprove, source,
                crl.map(ScaleRow::value).orElse(null), delta.map(ScaleRow::value).orElse(null),
                request.map(ScaleRow::value).orElse(OCSP_REQUEST_BYTES_DER),
                request.isPresent() ? "measured" : "DER size, not measured",
                byVariant(rows, ScaleMetrics.X509_OCSP_RESPONSE_BYTES), true);
    }

    static Optional<ScaleRow> largestN(List<ScaleRow> rows, String metric, String system) {
        return rows.stream().filter(r -> r.metric().equals(metric) && r.system().equals(system) && r.measured())
                .max(Comparator.comparingLong(ScaleRow::n));
    }

    private static Optional<ScaleRow> crlRow(List<ScaleRow> rows, String metric) {
        return rows.stream().filter(r -> r.metric().equals(metric) && r.measured())
                .max(Comparator.comparingLong(ScaleRow::n)
                        .thenComparing(r -> -Math.abs(r.revokedPercent() - 1)));
    }

    /** Per variant, the measured value at the largest N. */
    static Map<String, Double> byVariant(List<ScaleRow> rows, String metric) {
        Map<String, ScaleRow> best = new LinkedHashMap<>();
        for (ScaleRow r : rows) {
            if (r.metric().equals(metric) && r.measured()) {
                best.merge(r.variant().isEmpty() ? "default" : r.variant(), r, (a, b) -> b.n() > a.n() ? b : a);
            }
        }
        Map<String, Double> values = new LinkedHashMap<>();
        best.forEach((variant, row) -> values.put(variant, row.value()));
        return values;
    }
}
