package org.bcpki.eval.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.bcpki.eval.Charts;
import org.bcpki.eval.Environment;
import org.bcpki.eval.Summary;

/**
 * report.md of {@code bcpki eval scale}: the machine, the command, per section a table of every metric against
 * registry size N and log-log charts of them. Cells derived by a model rather than measured carry a "†".
 */
public final class ScaleReport {
    private ScaleReport() {}

    /** Sections the report derives itself; rows of them passed in are recomputed, not printed twice. */
    static final List<String> DERIVED_SECTIONS = List.of("fits", "ratios", "freshness", "national");

    /**
     * The rows report.md derives from the measured ones (fits, ratios, freshness, national), for results.json and
     * results.csv: every one of them except the ratios is modelled (measured = false).
     */
    public static List<ScaleRow> derivedRows(List<ScaleRow> rows) {
        return derive(measuredOnly(rows), NationalModel.Country.germany()).all();
    }

    record Derived(List<ScaleAnalysis.Fitted> fits, List<ScaleRow> fitRows, List<ScaleRow> ratios,
                   List<ScaleRow> freshness, List<ScaleRow> national) {
        List<ScaleRow> all() {
            List<ScaleRow> all = new ArrayList<>(fitRows);
            all.addAll(ratios);
            all.addAll(freshness);
            all.addAll(national);
            return all;
        }
    }

    static Derived derive(List<ScaleRow> rows, NationalModel.Country country) {
        List<ScaleAnalysis.Fitted> fits = ScaleAnalysis.fits(rows);
        Map<String, LeastSquaresFit> gzipFits = new LinkedHashMap<>();
        Map<String, LeastSquaresFit> crlFits = new LinkedHashMap<>();
        for (ScaleAnalysis.Fitted f : fits) {
            // One fit per layout (CRL signer): the series with the most points.
            if (f.metric().equals(ScaleMetrics.PROOF_BYTES_GZIP) && f.system().equals("chain")) {
                gzipFits.merge(f.variant().isEmpty() ? "default" : f.variant(), f.fit(),
                        (a, b) -> b.points() > a.points() ? b : a);
            }
            if (f.metric().equals(ScaleMetrics.X509_FULL_CRL_BYTES)) {
                crlFits.merge(f.variant().isEmpty() ? "default" : f.variant(), f.fit(),
                        (a, b) -> b.points() > a.points() ? b : a);
            }
        }
        return new Derived(fits, ScaleAnalysis.fitRows(fits, country.subjects(), country.crlEntries()),
                ScaleAnalysis.ratios(rows),
                FreshnessModel.rows("freshness", FreshnessModel.fromRows(rows, country.registryChangesPerSecond())),
                NationalModel.rows(country, rows, gzipFits, crlFits));
    }

    static boolean isDerived(ScaleRow row) {
        return DERIVED_SECTIONS.contains(row.section());
    }

    static List<ScaleRow> measuredOnly(List<ScaleRow> rows) {
        return rows.stream().filter(r -> !isDerived(r)).toList();
    }

    /** Writes report.md and its PNG charts into {@code outDir}; returns the chart file names. */
    public static List<String> write(Path outDir, Environment env, List<ScaleRow> rows, String command) throws IOException {
        return write(outDir, List.of(new ScaleSource(command, List.of(), env)), rows, command);
    }

    /** As above for a report built from the rows of several runs, each named with its command and machine. */
    public static List<String> write(Path outDir, List<ScaleSource> sources, List<ScaleRow> rows, String command)
            throws IOException {
        return write(outDir, sources, rows, command, NationalModel.Country.germany());
    }

    static List<String> write(Path outDir, List<ScaleSource> sources, List<ScaleRow> allRows, String command,
                              NationalModel.Country country) throws IOException {
        Files.createDirectories(outDir);
        List<ScaleRow> rows = measuredOnly(allRows);
        Derived derived = derive(rows, country);
        StringBuilder md = new StringBuilder("# bcpki eval scale\n\n");
        if (sources.size() == 1) {
            environment(md, sources.get(0).environment());
            md.append("Command:\n\n```\n").append(command).append("\n```\n\n");
        } else {
            md.append("Built from ").append(sources.size()).append(" runs; the rows at each N come from the run that ")
                    .append("measured it, on the machine named with it.\n\n");
            for (ScaleSource source : sources) {
                md.append("### Rows at ").append(String.join(", ", source.sizes().stream().map(n -> "N=" + size(n)).toList()))
                        .append("\n\n");
                environment(md, source.environment());
                md.append("Command:\n\n```\n").append(source.command()).append("\n```\n\n");
            }
            md.append("Report built with:\n\n```\n").append(command).append("\n```\n\n");
        }
        md.append("Cells marked † are extrapolated or modelled from measured rows, not measured. ")
                .append("Distributions print p50 / p99. G = concurrent gateways (light clients or relying parties).\n\n");
        List<String> charts = new ArrayList<>();
        for (Map.Entry<String, List<ScaleRow>> section : bySection(rows).entrySet()) {
            md.append("## ").append(section.getKey()).append("\n\n");
            table(md, section.getValue());
            charts.addAll(embed(md, sectionCharts(outDir, section.getKey(), section.getValue())));
        }
        charts.addAll(fitsSection(md, outDir, derived, country));
        ratiosSection(md, derived.ratios());
        charts.addAll(freshnessSection(md, outDir, derived.freshness(), country));
        nationalSection(md, derived.national(), country);
        Files.writeString(outDir.resolve("report.md"), md);
        return charts;
    }

    private static List<String> embed(StringBuilder md, List<String> charts) {
        for (String chart : charts) {
            md.append("![").append(chart).append("](").append(chart).append(")\n\n");
        }
        return charts;
    }

    static List<String> fitsSection(StringBuilder md, Path outDir, Derived derived, NationalModel.Country country)
            throws IOException {
        md.append("## fits\n\n");
        if (derived.fits().isEmpty()) {
            md.append("No size metric was measured at two or more N (or revoked counts): nothing to fit.\n\n");
            return List.of();
        }
        md.append("Least squares on the measured points: proof and refresh bytes as a + b·log16(N) (trie depth), ")
                .append("state size as a + b·N, full CRL size as a + b·(revoked certificates). Error = RMS of the residuals ")
                .append("and the largest residual relative to the measured value; a distribution is fitted by its p50. ")
                .append("Extrapolations (†) at N = 10^7 (the goal ")
                .append("of issue #15: <= 4 KB = 4000 B RLP and <= 5 KB = 5000 B gzip per cold check) and at the national N = ")
                .append(NationalModel.count(country.subjects())).append(".\n\n");
        md.append("| metric | series | x | points | a | b | RMS error | max rel. residual | at N=1e7 † | goal | verdict | national † |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        Map<String, double[][]> proofSeries = new LinkedHashMap<>();
        for (ScaleAnalysis.Fitted f : derived.fits()) {
            LeastSquaresFit fit = f.fit();
            boolean byN = f.xName().equals("N");
            double atGoal = fit.predict(ScaleAnalysis.GOAL_N);
            double national = fit.predict(byN ? country.subjects() : country.crlEntries());
            md.append("| ").append(f.metric()).append(" | ").append(f.label()).append(" | ")
                    .append(fit.model().equals(LeastSquaresFit.LOG16) ? "log16(N)" : f.xName()).append(" | ")
                    .append(fit.points()).append(" | ").append(number(fit.a())).append(" | ").append(number(fit.b()))
                    .append(" | ").append(number(fit.rmsError())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f%%", 100 * fit.maxRelativeResidual())).append(" | ")
                    .append(byN ? number(atGoal) + " †" : "").append(" | ")
                    .append(f.goal() == null ? "" : "<= " + number(f.goal())).append(" | ")
                    .append(f.goal() == null ? "" : atGoal <= f.goal() ? "meets" : "misses").append(" | ")
                    .append(number(national)).append(" †").append(" |\n");
            if (f.goal() != null) {
                double[][] measured = {f.points().stream().mapToDouble(p -> p[0]).toArray(),
                        f.points().stream().mapToDouble(p -> p[1]).toArray()};
                proofSeries.put(f.metric().contains("RLP") ? "RLP " + f.label() : "gzip " + f.label(), measured);
                double lo = measured[0][0];
                double[] xs = new double[25];
                double[] ys = new double[25];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = lo * Math.pow(ScaleAnalysis.GOAL_N / lo, i / (double) (xs.length - 1));
                    ys[i] = fit.predict(xs[i]);
                }
                proofSeries.put((f.metric().contains("RLP") ? "RLP " : "gzip ") + f.label() + " fit", new double[][] {xs, ys});
            }
        }
        md.append('\n');
        if (proofSeries.isEmpty()) {
            return List.of();
        }
        double lo = proofSeries.values().stream().mapToDouble(xy -> xy[0][0]).min().orElse(1);
        proofSeries.put("goal RLP <= 4000 B at 1e7", new double[][] {{lo, ScaleAnalysis.GOAL_N},
                {ScaleAnalysis.GOAL_RLP_BYTES, ScaleAnalysis.GOAL_RLP_BYTES}});
        proofSeries.put("goal gzip <= 5000 B at 1e7", new double[][] {{lo, ScaleAnalysis.GOAL_N},
                {ScaleAnalysis.GOAL_GZIP_BYTES, ScaleAnalysis.GOAL_GZIP_BYTES}});
        return embed(md, List.of(Charts.logLog(outDir, "fits-proof-bytes", "proof bytes per cold check: measured and fitted",
                "registry size N (subjects)", "bytes", proofSeries)));
    }

    static void ratiosSection(StringBuilder md, List<ScaleRow> ratios) {
        md.append("## ratios\n\n");
        if (ratios.isEmpty()) {
            md.append("No chain and X.509 metric of this run share an N (and G): no ratio to print.\n\n");
            return;
        }
        md.append("Every chain/X.509 comparison as x509 / chain, both sides measured in this run at the same N ")
                .append("(and the same G for server rates). Above 1: X.509 costs more (or, for rates, serves more).\n\n");
        md.append("| comparison | chain vs x509 variant | N | G | x509 / chain | x509 / chain values |\n");
        md.append("|---|---|---:|---:|---:|---|\n");
        for (ScaleRow r : ratios) {
            md.append("| ").append(r.metric()).append(" | ").append(r.variant()).append(" | ").append(size(r.n()))
                    .append(" | ").append(r.gateways() == 0 ? "" : r.gateways()).append(" | ")
                    .append(number(r.value())).append(" | ").append(r.note()).append(" |\n");
        }
        md.append('\n');
    }

    static List<String> freshnessSection(StringBuilder md, Path outDir, List<ScaleRow> freshness,
                                         NationalModel.Country country) throws IOException {
        md.append("## freshness\n\n");
        if (freshness.isEmpty()) {
            md.append("The run has none of the rows the freshness model needs.\n\n");
            return List.of();
        }
        md.append(String.format(Locale.ROOT, "One gateway with %d identities: bytes per day against the staleness it "
                + "accepts (all †, modelled from this run's measured rows at N = %s). The registry changes at the "
                + "national rate of %.3f changes/s (see national), so a re-proof is needed in a period with probability "
                + "1 − e^(−rate × period).%n%n", FreshnessModel.IDENTITIES, size(freshness.getFirst().n()),
                country.registryChangesPerSecond()));
        md.append("The chain gateway follows every header, which dominates at long staleness; one that trusted the ")
                .append("validator set to stay unchanged could fetch one header per period instead (not modelled).\n\n");
        stalenessTable(md, freshness);
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (Map.Entry<String, List<ScaleRow>> strategy : byStrategy(freshness).entrySet()) {
            series.put(strategy.getKey(), new double[][] {
                    strategy.getValue().stream().mapToDouble(r -> stalenessSeconds(r.variant(), country)).toArray(),
                    strategy.getValue().stream().mapToDouble(r -> Math.max(r.value(), 1)).toArray()});
        }
        return embed(md, List.of(Charts.logLog(outDir, "freshness-bytes-per-day",
                "bytes per gateway per day (10 identities) against accepted staleness", "accepted staleness (s)",
                "bytes per day", series)));
    }

    /** Rows of one strategy per line, one column per staleness; the model of each line below the table. */
    static void stalenessTable(StringBuilder md, List<ScaleRow> rows) {
        List<String> labels = FreshnessModel.stalenesses().stream().map(FreshnessModel.Staleness::label).toList();
        md.append("| system | strategy |");
        labels.forEach(l -> md.append(' ').append(l).append(" |"));
        md.append("\n|---|---|");
        labels.forEach(l -> md.append("---:|"));
        md.append('\n');
        Map<String, List<ScaleRow>> strategies = byStrategy(rows);
        for (Map.Entry<String, List<ScaleRow>> strategy : strategies.entrySet()) {
            md.append("| ").append(strategy.getValue().getFirst().system()).append(" | ").append(strategy.getKey()).append(" |");
            for (String label : labels) {
                md.append(' ').append(strategy.getValue().stream().filter(r -> r.variant().equals(label))
                        .map(ScaleReport::cell).findFirst().orElse("")).append(" |");
            }
            md.append('\n');
        }
        md.append("\nModels (at 15 min):\n\n");
        for (Map.Entry<String, List<ScaleRow>> strategy : strategies.entrySet()) {
            strategy.getValue().stream().filter(r -> r.variant().equals("15 min")).findFirst()
                    .ifPresent(r -> md.append("- ").append(r.note()).append('\n'));
        }
        md.append('\n');
    }

    private static Map<String, List<ScaleRow>> byStrategy(List<ScaleRow> rows) {
        Map<String, List<ScaleRow>> strategies = new LinkedHashMap<>();
        for (ScaleRow r : rows) {
            if (r.metric().equals(ScaleMetrics.BYTES_PER_DAY_AT_STALENESS)) {
                strategies.computeIfAbsent(r.note().substring(0, Math.max(0, r.note().indexOf(':'))),
                        k -> new ArrayList<>()).add(r);
            }
        }
        return strategies;
    }

    private static double stalenessSeconds(String label, NationalModel.Country country) {
        return label.equals("1 block") ? country.blockSeconds() : FreshnessModel.stalenesses().stream()
                .filter(s -> s.label().equals(label)).findFirst().orElseThrow().seconds();
    }

    static void nationalSection(StringBuilder md, List<ScaleRow> national, NationalModel.Country country) {
        md.append("## national\n\n");
        md.append("Inputs:\n\n| input | value | source |\n|---|---|---|\n");
        for (String[] input : NationalModel.inputs(country)) {
            md.append("| ").append(input[0]).append(" | ").append(input[1]).append(" | ").append(input[2]).append(" |\n");
        }
        md.append("\nBytes per gateway per day at each accepted staleness (†, the freshness model at the national N ")
                .append("with extrapolated proof and CRL sizes):\n\n");
        stalenessTable(md, national);
        md.append("| quantity | system | variant | value | unit | model [measured / extrapolated inputs] |\n");
        md.append("|---|---|---|---:|---|---|\n");
        for (ScaleRow r : national) {
            if (!r.metric().equals(ScaleMetrics.BYTES_PER_DAY_AT_STALENESS)) {
                md.append("| ").append(r.metric()).append(" | ").append(r.system()).append(" | ").append(r.variant())
                        .append(" | ").append(cell(r)).append(" | ").append(r.unit()).append(" | ").append(r.note())
                        .append(" |\n");
            }
        }
        md.append('\n');
    }

    /** The machine block exactly as {@code eval run}'s report.md prints it. */
    static void environment(StringBuilder md, Environment environment) {
        md.append("| machine | |\n|---|---|\n");
        md.append("| CPU | ").append(environment.cpuModel()).append(" (").append(environment.cores()).append(" cores) |\n");
        md.append("| memory | ").append(environment.memoryBytes() / (1024 * 1024)).append(" MiB |\n");
        md.append("| OS | ").append(environment.os()).append(" |\n");
        md.append("| load average (1 min, at start) | ").append(String.format(Locale.ROOT, "%.2f", environment.loadAverage())).append(" |\n");
        md.append("| JDK | ").append(environment.javaVersion()).append(" (").append(environment.javaVendor()).append(") |\n");
        md.append("| commit | ").append(environment.gitCommit()).append(" |\n");
        md.append("| time | ").append(environment.timestamp()).append(" |\n\n");
    }

    static Map<String, List<ScaleRow>> bySection(List<ScaleRow> rows) {
        Map<String, List<ScaleRow>> sections = new LinkedHashMap<>();
        for (ScaleRow row : rows) {
            sections.computeIfAbsent(row.section(), s -> new ArrayList<>()).add(row);
        }
        return sections;
    }

    /** One line per series (metric, system, variant, G, revoked %), one column per N. */
    static void table(StringBuilder md, List<ScaleRow> rows) {
        TreeSet<Long> sizes = new TreeSet<>();
        rows.forEach(r -> sizes.add(r.n()));
        md.append("| metric | system | variant | G | revoked % | unit |");
        sizes.forEach(n -> md.append(" N=").append(size(n)).append(" |"));
        md.append(" note |\n|---|---|---|---:|---:|---|");
        sizes.forEach(n -> md.append("---:|"));
        md.append("---|\n");
        for (Map.Entry<SeriesKey, List<ScaleRow>> series : bySeries(rows).entrySet()) {
            SeriesKey key = series.getKey();
            md.append("| ").append(key.metric()).append(" | ").append(key.system()).append(" | ").append(key.variant())
                    .append(" | ").append(key.gateways() == 0 ? "" : Integer.toString(key.gateways()))
                    .append(" | ").append(number(key.revokedPercent()))
                    .append(" | ").append(key.unit()).append(" |");
            List<String> notes = new ArrayList<>();
            for (long n : sizes) {
                md.append(' ');
                for (ScaleRow r : series.getValue()) {
                    if (r.n() == n) {
                        md.append(cell(r));
                        if (!r.note().isEmpty() && !notes.contains(r.note())) {
                            notes.add(r.note());
                        }
                    }
                }
                md.append(" |");
            }
            md.append(' ').append(shortNote(notes).replace("|", "\\|")).append(" |\n");
        }
        md.append('\n');
    }

    /** The notes of a series: one per N can be long (each carries its load average); the CSV has them all. */
    static String shortNote(List<String> notes) {
        String joined = String.join("; ", notes);
        return joined.length() <= NOTE_LIMIT ? joined
                : joined.substring(0, NOTE_LIMIT) + "… (every note in results.csv)";
    }

    static final int NOTE_LIMIT = 240;

    /** Log-log charts of every metric of a section against N (one series per system/variant/G/revoked %). */
    static List<String> sectionCharts(Path outDir, String section, List<ScaleRow> rows) throws IOException {
        Map<String, Map<String, List<ScaleRow>>> byMetric = new LinkedHashMap<>();
        for (Map.Entry<SeriesKey, List<ScaleRow>> series : bySeries(rows).entrySet()) {
            SeriesKey key = series.getKey();
            byMetric.computeIfAbsent(key.metric() + " (" + key.unit() + ")", m -> new LinkedHashMap<>())
                    .put(key.label(), series.getValue());
        }
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<ScaleRow>>> metric : byMetric.entrySet()) {
            Map<String, double[][]> plotted = new LinkedHashMap<>();
            TreeSet<Long> sizes = new TreeSet<>();
            metric.getValue().forEach((label, points) -> {
                List<ScaleRow> positive = points.stream().filter(r -> r.value() > 0).sorted(
                        java.util.Comparator.comparingLong(ScaleRow::n)).toList();
                if (!positive.isEmpty()) {
                    positive.forEach(r -> sizes.add(r.n()));
                    plotted.put(label, new double[][] {
                            positive.stream().mapToDouble(r -> r.n()).toArray(),
                            positive.stream().mapToDouble(ScaleRow::value).toArray()});
                }
            });
            // A metric taken at one N only has nothing to show against N; its table row says it all.
            if (sizes.size() < 2) {
                continue;
            }
            files.add(Charts.logLog(outDir, slug(section + " " + metric.getKey()), metric.getKey() + " against N",
                    "registry size N (subjects)", metric.getKey(), plotted));
        }
        return files;
    }

    record SeriesKey(String metric, String system, String variant, int gateways, double revokedPercent, String unit) {
        String label() {
            StringBuilder label = new StringBuilder(system);
            if (!variant.isEmpty()) {
                label.append(' ').append(variant);
            }
            if (gateways > 0) {
                label.append(" G=").append(gateways);
            }
            if (revokedPercent > 0) {
                label.append(" revoked ").append(number(revokedPercent)).append('%');
            }
            return label.toString();
        }
    }

    static Map<SeriesKey, List<ScaleRow>> bySeries(List<ScaleRow> rows) {
        Map<SeriesKey, List<ScaleRow>> series = new LinkedHashMap<>();
        for (ScaleRow r : rows) {
            series.computeIfAbsent(new SeriesKey(r.metric(), r.system(), r.variant(), r.gateways(), r.revokedPercent(),
                    r.unit()), k -> new ArrayList<>()).add(r);
        }
        return series;
    }

    static String cell(ScaleRow r) {
        Summary s = r.summary();
        String value = s == null ? number(r.value()) : number(s.p50()) + " / " + number(s.p99());
        return r.measured() ? value : value + " †";
    }

    /** 1000 → "1e3"; other sizes as plain numbers. */
    static String size(long n) {
        int exponent = (int) Math.round(Math.log10(n));
        return n > 0 && Math.pow(10, exponent) == n && exponent >= 3 ? "1e" + exponent : Long.toString(n);
    }

    /**
     * Four significant digits, thousands grouped by spaces: 0.006, 4 342, 1 498 000 000 (integers below 100 000
     * exactly; results.csv has every number at full precision).
     */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e5) {
            return grouped((long) value);
        }
        if (Math.abs(value) < 0.001 || Math.abs(value) >= 1e15) {
            return String.format(Locale.ROOT, "%.3e", value);
        }
        java.math.BigDecimal rounded = new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros();
        return rounded.scale() <= 0 ? grouped(rounded.longValueExact()) : rounded.toPlainString();
    }

    private static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value).replace(',', ' ');
    }

    static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.length() > 80 ? slug.substring(0, 80) : slug;
    }
}
