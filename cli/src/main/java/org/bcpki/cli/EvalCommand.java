package org.bcpki.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bcpki.eval.Evaluation;
import org.bcpki.eval.jmh.Benchmarks;
import org.bcpki.eval.scale.ScaleEvaluation;
import org.bcpki.eval.scale.ScaleOptions;
import org.bcpki.eval.scale.ScaleRow;
import org.openjdk.jmh.results.RunResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measure the chain PKI against the X.509 PKI: reports, charts and JMH benchmarks.",
        subcommands = {EvalCommand.Run.class, EvalCommand.Scale.class, EvalCommand.Jmh.class})
final class EvalCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the evaluation; write results.json, results.csv, report.md and PNG charts to --out.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, description = "Directory for the report (created if missing).")
        Path out;

        @Option(names = "--quick", description = "Fewer samples: a smoke run within minutes.")
        boolean quick;

        @Option(names = "--rpc", split = ",", paramLabel = "URL",
                description = "Besu-compatible JSON-RPC endpoints to measure instead of the embedded network.")
        List<String> rpc = new ArrayList<>();

        @Option(names = "--json", description = "Print a JSON summary instead of text.")
        boolean json;

        @Override
        public Integer call() throws Exception {
        // The services log every request at INFO; the story and the progress bar are the output here.
        org.bcpki.chain.node.NodeLogging.set("WARN");
            Evaluation.Outcome outcome = Evaluation.run(out, quick, rpc, Evaluation.scenarios(), !json);
            var writer = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("outDir", out.toAbsolutePath().toString());
                summary.put("scenarios", outcome.scenarios());
                summary.put("metrics", outcome.results().metrics().size());
                summary.put("files", List.of(Evaluation.RESULTS_JSON, Evaluation.RESULTS_CSV, Evaluation.REPORT_MD));
                Output.json(writer, summary);
            } else {
                writer.printf("ran %s: %d metrics%n", String.join(", ", outcome.scenarios()),
                        outcome.results().metrics().size());
                writer.printf("report: %s%n", out.resolve(Evaluation.REPORT_MD).toAbsolutePath());
                writer.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "scale", mixinStandardHelpOptions = true,
            description = "Measure the chain PKI and the X.509 PKI at national registry sizes; write results.json, "
                    + "results.csv, report.md and log-log charts to --out.")
    static final class Scale implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, description = "Directory for the report (created if missing).")
        Path out;

        @Option(names = "--sizes", defaultValue = ScaleOptions.DEFAULT_SIZES, paramLabel = "N,...",
                description = "Registry sizes (1000 or 1e3 notation; default: ${DEFAULT-VALUE}).")
        String sizes;

        @Option(names = "--gateways", defaultValue = ScaleOptions.DEFAULT_GATEWAYS, paramLabel = "G,...",
                description = "Concurrent light clients against one mirror (default: ${DEFAULT-VALUE}).")
        String gateways;

        @Option(names = "--revoked", defaultValue = ScaleOptions.DEFAULT_REVOKED, paramLabel = "PCT,...",
                description = "Revoked share of the registry in percent, each in [0,100] (default: ${DEFAULT-VALUE}).")
        String revoked;

        @Option(names = "--quick", description = "Sizes up to 1e4, a few gateways, short windows: a smoke run within minutes.")
        boolean quick;

        @Option(names = "--from", split = ",", paramLabel = "RESULTS_JSON,...",
                description = "Measure nothing: build the files from the measured rows of earlier runs' results.json "
                        + "(each a different set of sizes), e.g. a long run taken one size at a time.")
        List<Path> from;

        @Option(names = "--json", description = "Print a JSON summary instead of text.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (from != null) {
                return combine();
            }
            ScaleOptions options;
            try {
                options = ScaleOptions.parse(sizes, gateways, revoked, quick);
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
            org.bcpki.chain.node.NodeLogging.set("WARN");
            String command = "bcpki eval scale --out " + out + " --sizes " + sizes + " --gateways " + gateways
                    + " --revoked " + revoked + (quick ? " --quick" : "");
            // the progress bar goes to stderr, so it stays on with --json (stdout holds only the JSON document)
            ScaleEvaluation.Outcome outcome = ScaleEvaluation.run(out, options, command, true, line -> { });
            print(outcome, options.sizes(), options.gateways(), options.revokedPercents());
            return ExitCodes.OK;
        }

        private int combine() throws Exception {
            var parsed = spec.commandLine().getParseResult();
            for (String measuring : List.of("--sizes", "--gateways", "--revoked", "--quick")) {
                if (parsed.hasMatchedOption(measuring)) {
                    throw new UsageError(measuring + " cannot be combined with --from (which measures nothing)");
                }
            }
            String command = "bcpki eval scale --out " + out + " --from "
                    + String.join(",", from.stream().map(Path::toString).toList());
            ScaleEvaluation.Outcome outcome;
            try {
                outcome = ScaleEvaluation.combine(out, from, command);
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
            List<Long> sizes = outcome.rows().stream().map(ScaleRow::n).distinct().sorted().toList();
            List<Integer> gateways = outcome.rows().stream().map(ScaleRow::gateways).filter(g -> g > 0).distinct().sorted().toList();
            List<Double> revoked = outcome.rows().stream().map(ScaleRow::revokedPercent).distinct().sorted().toList();
            print(outcome, sizes, gateways, revoked);
            return ExitCodes.OK;
        }

        private void print(ScaleEvaluation.Outcome outcome, List<Long> sizes, List<Integer> gateways, List<Double> revoked) {
            var writer = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("outDir", out.toAbsolutePath().toString());
                summary.put("sizes", sizes);
                summary.put("gateways", gateways);
                summary.put("revoked", revoked);
                summary.put("rows", outcome.rows().size());
                summary.put("files", outcome.files());
                summary.put("notMeasured", outcome.notMeasured());
                summary.put("seconds", Math.round(outcome.seconds() * 10) / 10.0);
                Output.json(writer, summary);
            } else {
                writer.printf("measured N = %s, G = %s, revoked %% = %s: %d rows in %.0f s%n", sizes, gateways, revoked,
                        outcome.rows().size(), outcome.seconds());
                outcome.notMeasured().forEach(note -> writer.printf("not measured: %s%n", note));
                writer.printf("files: %s in %s%n", String.join(", ", outcome.files()), out.toAbsolutePath());
                writer.flush();
            }
        }
    }

    @Command(name = "jmh", mixinStandardHelpOptions = true,
            description = "Run the JMH benchmarks (not part of mvn verify).")
    static final class Jmh implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--include", defaultValue = "org.bcpki.eval.jmh.*",
                description = "Regular expression of benchmarks to run (default: all).")
        String include;

        @Option(names = "--quick", description = "Short warm-up and measurement.")
        boolean quick;

        @Option(names = "--json", description = "Print results as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (RunResult result : Benchmarks.run(include, quick)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("benchmark", result.getParams().getBenchmark());
                row.put("params", result.getParams().getParamsKeys().stream()
                        .map(k -> k + "=" + result.getParams().getParam(k)).toList());
                row.put("score", result.getPrimaryResult().getScore());
                row.put("error", result.getPrimaryResult().getScoreError());
                row.put("unit", result.getPrimaryResult().getScoreUnit());
                rows.add(row);
            }
            if (json) {
                Output.json(spec.commandLine().getOut(), Map.of("results", rows));
            }
            return rows.isEmpty() ? ExitCodes.USAGE : ExitCodes.OK;
        }
    }
}
