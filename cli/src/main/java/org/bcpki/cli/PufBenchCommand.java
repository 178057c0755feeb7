package org.bcpki.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bcpki.puf.ReconstructionBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time key reconstruction plus ML-DSA-65 key generation (target <= 5 ms).",
            "Reconstruction = decoding one noisy read, privacy amplification and the key check."})
final class PufBenchCommand implements Callable<Integer> {
    private static final double TARGET_MS = 5.0;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--iterations", defaultValue = "500", description = "Timed iterations (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", defaultValue = "200", description = "Untimed iterations first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--ber", defaultValue = "0.10", description = "Bit error rate of the reads (default ${DEFAULT-VALUE}).")
    double ber;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        ReconstructionBenchmark.Timing timing = ReconstructionBenchmark.run(iterations, ber, warmup);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("iterations", timing.iterations());
        result.put("ber", timing.ber());
        result.put("reconstructMeanMs", round(timing.reconstructMeanMs()));
        result.put("keygenMeanMs", round(timing.keygenMeanMs()));
        result.put("totalMeanMs", round(timing.totalMeanMs()));
        result.put("totalP99Ms", round(timing.totalP99Ms()));
        result.put("totalMaxMs", round(timing.totalMaxMs()));
        result.put("totalCpuMeanMs", round(timing.totalCpuMeanMs()));
        result.put("targetMs", TARGET_MS);
        result.put("meetsTarget", timing.totalMeanMs() <= TARGET_MS);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, result);
        } else {
            out.printf("reconstruction %.3f ms + ML-DSA-65 keygen %.3f ms = %.3f ms mean (p99 %.3f, max %.3f;"
                            + " CPU %.3f ms) over %d runs; target %.0f ms%n",
                    timing.reconstructMeanMs(), timing.keygenMeanMs(), timing.totalMeanMs(), timing.totalP99Ms(),
                    timing.totalMaxMs(), timing.totalCpuMeanMs(), timing.iterations(), TARGET_MS);
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static double round(double ms) {
        return Math.round(ms * 10_000) / 10_000.0;
    }
}
