package org.bcpki.eval.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.eval.Environment;
import org.bcpki.eval.Progress;
import org.bcpki.eval.testbed.WorkDirs;

/**
 * {@code bcpki eval scale}: per registry size N a fresh network (validator in this JVM, mirror in
 * its own process, N records at genesis), measured over HTTP, then closed and deleted; X.509 at the
 * same N, revocation rates and gateway counts; then results.json, results.csv, report.md and charts.
 * The chain is measured at one revocation rate (the primary one: records' statuses barely change a
 * proof), X.509 at every rate (CRLs grow with revocations).
 */
public final class ScaleEvaluation {
    public static final String RESULTS_JSON = "results.json";
    public static final String RESULTS_CSV = "results.csv";
    public static final String REPORT_MD = "report.md";
    /** The fixture's seed: the same N gives the same registry in every run. */
    static final long FIXTURE_SEED = 15;

    private ScaleEvaluation() {}

    /** What a run produced: every row, the files written, what could not be measured, and how long it took. */
    public record Outcome(List<ScaleRow> rows, List<String> files, List<String> notMeasured, double seconds) {}

    /** Sizing of the measurements (samples and windows) for normal and quick runs. */
    record Sizing(int perKind, int coldChecks, int refreshRounds, int grants, int emptyBlocks, Duration warmUp, Duration window) {
        static Sizing of(boolean quick) {
            return quick ? new Sizing(8, 16, 3, 1, 10, Duration.ofMillis(500), Duration.ofSeconds(2))
                    : new Sizing(25, 100, 10, 5, 20, Duration.ofSeconds(2), Duration.ofSeconds(10));
        }
    }

    public static Outcome run(Path outDir, ScaleOptions options, String command, boolean showProgress, Consumer<String> log)
            throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(outDir);
        Environment env = Environment.capture(Path.of("").toAbsolutePath());
        Sizing sizing = Sizing.of(options.quick());
        double primary = primaryRevoked(options.revokedPercents());
        int steps = options.sizes().size() * (5 + options.gateways().size()) + options.sizes().size() * options.revokedPercents().size();
        Progress progress = new Progress(System.err, steps, showProgress);
        List<ScaleRow> rows = new ArrayList<>();
        List<String> notMeasured = new ArrayList<>();
        Path work = Files.createTempDirectory("bcpki-eval-scale");
        Cleanup cleanup = new Cleanup(work);
        Thread hook = new Thread(cleanup::run, "eval-scale-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (long n : options.sizes()) {
                ScalePoint point = new ScalePoint(n, primary, options.quick());
                progress.step("N=" + n + ": genesis with " + n + " records, start nodes");
                try (ScaleChain chain = cleanup.track(ScaleChain.start(work.resolve("n" + n), n, primary, FIXTURE_SEED, sizing.perKind()))) {
                    log.accept("N=" + n + ": validator " + chain.validatorUrl() + ", mirror process " + chain.mirrorPid()
                            + " at " + chain.mirrorUrl());
                    measureChain(chain, point, options, sizing, progress);
                } finally {
                    cleanup.untrack();
                    WorkDirs.deleteTree(work.resolve("n" + n));
                }
                rows.addAll(point.rows);
                point.notes.stream().map(note -> "N=" + n + ": " + note).filter(s -> !notMeasured.contains(s)).forEach(notMeasured::add);
                for (double revoked : options.revokedPercents()) {
                    progress.step("N=" + n + ", " + revoked + " % revoked: X.509");
                    ScalePoint x509 = new ScalePoint(n, revoked, options.quick());
                    X509Rows.measure(x509, x509Gateways(options, revoked == primary), options.quick());
                    rows.addAll(x509.rows);
                    x509.notes.stream().filter(s -> !notMeasured.contains(s)).forEach(notMeasured::add);
                    progress.advance();
                }
            }
            progress.finish();
            double seconds = (System.nanoTime() - started) / 1e9;
            List<String> files = ScaleFiles.write(outDir, env, List.of(new ScaleSource(command, options.sizes(), env)),
                    rows, command);
            return new Outcome(rows, files, notMeasured, seconds);
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway
            }
        }
    }

    /**
     * Builds the files from the measured rows of earlier runs' results.json (measuring nothing), so that a
     * long run can be taken in parts, one registry size at a time. A size measured by two of them is refused:
     * the report would have to pick one.
     */
    public static Outcome combine(Path outDir, List<Path> results, String command) throws IOException {
        long started = System.nanoTime();
        if (results.size() < 2) {
            throw new IllegalArgumentException("--from needs at least two results.json files to combine");
        }
        List<ScaleSource> sources = new ArrayList<>();
        List<ScaleRow> rows = new ArrayList<>();
        Map<Long, Path> measuredBy = new TreeMap<>();
        for (Path file : results) {
            ScaleResultsFiles.Measured earlier = ScaleResultsFiles.readMeasured(file);
            for (ScaleSource source : earlier.sources()) {
                for (long n : source.sizes()) {
                    Path other = measuredBy.putIfAbsent(n, file);
                    if (other != null) {
                        throw new IllegalArgumentException("N=" + n + " is measured in both " + other + " and " + file
                                + "; combine runs of different sizes");
                    }
                }
            }
            sources.addAll(earlier.sources());
            rows.addAll(earlier.rows());
        }
        sources.sort(Comparator.comparing(s -> s.sizes().isEmpty() ? 0L : s.sizes().get(0)));
        rows.sort(Comparator.comparingLong(ScaleRow::n));
        Environment env = Environment.capture(Path.of("").toAbsolutePath());
        List<String> files = ScaleFiles.write(outDir, env, sources, rows, command);
        return new Outcome(rows, files, List.of(), (System.nanoTime() - started) / 1e9);
    }

    private static void measureChain(ScaleChain chain, ScalePoint point, ScaleOptions options, Sizing sizing,
                                     Progress progress) throws Exception {
        ScaleSubjects subjects = chain.subjects();
        // the last granted subjects are revoked during the refresh rounds: the others are measured first
        List<SubjectId> granted = subjects.granted();
        int victims = Math.min(sizing.refreshRounds(), granted.size() / 2);
        List<SubjectId> toRevoke = granted.subList(granted.size() - victims, granted.size());
        ScaleSubjects sample = new ScaleSubjects(granted.subList(0, granted.size() - victims), subjects.revoked(),
                subjects.expired(), subjects.unknown(), subjects::spare);
        progress.advance();

        progress.step("N=" + point.n + ": proof bytes per cold check");
        ProofSizeProbe.run(chain, point, sample.mixed());
        progress.advance();

        progress.step("N=" + point.n + ": cold and warm checks");
        List<SubjectId> mixed = sample.mixed();
        CheckLatencyProbe.coldAndWarm(chain, point, mixed.subList(0, Math.min(sizing.coldChecks(), mixed.size())));
        progress.advance();

        for (int g : options.gateways()) {
            progress.step("N=" + point.n + ": mirror under " + g + " clients");
            MirrorLoadProbe.run(chain, point, g, mixed, sizing.warmUp(), sizing.window());
            progress.advance();
        }

        progress.step("N=" + point.n + ": new block refresh");
        List<SubjectId> tracked = sample.granted().subList(0, Math.min(CheckLatencyProbe.TRACKED, sample.granted().size()));
        if (toRevoke.isEmpty()) {
            point.notes.add("new block refresh not measured: too few granted subjects to revoke");
        } else {
            CheckLatencyProbe.newBlockRefresh(chain, point, tracked, toRevoke);
        }
        progress.advance();

        progress.step("N=" + point.n + ": node storage");
        StorageProbe.run(chain, point, sizing.grants(), sizing.emptyBlocks());
        progress.advance();

        progress.step("N=" + point.n + ": header sync");
        CheckLatencyProbe.headerSync(chain, point);
        progress.advance();
    }

    /**
     * Gateway counts the X.509 responder is loaded with: every G at the chain's revocation rate, the
     * largest only at the others and in quick runs (each count is a probe run of its own).
     */
    static List<Integer> x509Gateways(ScaleOptions options, boolean primaryRate) {
        List<Integer> all = options.gateways();
        return primaryRate && !options.quick() ? all : List.of(all.get(all.size() - 1));
    }

    /** The revocation rate the chain is measured at: the one nearest 1 %. */
    static double primaryRevoked(List<Double> revoked) {
        return revoked.stream().min((a, b) -> Double.compare(Math.abs(Math.log((a + 1e-3) / 1.0)),
                Math.abs(Math.log((b + 1e-3) / 1.0)))).orElseThrow();
    }

    /** Closes the network being measured and deletes the work directory, once, also from a shutdown hook (Ctrl-C). */
    private static final class Cleanup {
        private final Path work;
        private ScaleChain current;
        private boolean done;

        Cleanup(Path work) {
            this.work = work;
        }

        synchronized ScaleChain track(ScaleChain chain) {
            current = chain;
            return chain;
        }

        synchronized void untrack() {
            current = null;
        }

        synchronized void run() {
            if (done) {
                return;
            }
            done = true;
            if (current != null) {
                current.close();
            }
            try {
                WorkDirs.deleteTree(work);
            } catch (Exception e) {
                System.err.println("could not delete " + work + ": " + e.getMessage());
            }
        }
    }
}
