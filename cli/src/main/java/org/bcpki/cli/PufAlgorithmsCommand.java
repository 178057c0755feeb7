package org.bcpki.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bcpki.puf.SignatureCostTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "algorithms", mixinStandardHelpOptions = true,
        description = {"Key and signature sizes and timings of every key algorithm.",
            "Mean key-from-seed, sign and verify times, for choosing device keys (a quick table; "
                    + "rigorous JMH numbers come from the eval module)."})
final class PufAlgorithmsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--iterations", defaultValue = "50", description = "Timed rounds per algorithm (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed rounds per algorithm first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--budget-ms", defaultValue = "3000",
            description = "Stop an algorithm's rounds after this long (default ${DEFAULT-VALUE}).")
    long budgetMs;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        List<SignatureCostTable.Row> rows = SignatureCostTable.measure(iterations, warmup, budgetMs);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("iterations", iterations);
            result.put("algorithms", rows);
            Output.json(out, result);
        } else {
            out.println("times are mean CPU ms of the measuring thread (wall-clock means in --json)");
            out.printf("%-38s %8s %8s %10s %10s %10s %7s%n", "algorithm", "SPKI B", "sig B", "keygen", "sign",
                    "verify", "samples");
            for (SignatureCostTable.Row row : rows) {
                out.printf("%-38s %8d %8.0f %10.3f %10.3f %10.3f %7d%n", row.algorithm(), row.publicKeyBytes(),
                        row.signatureBytes(), row.keygenCpuMs(), row.signCpuMs(), row.verifyCpuMs(), row.samples());
            }
            out.flush();
        }
        return ExitCodes.OK;
    }
}
