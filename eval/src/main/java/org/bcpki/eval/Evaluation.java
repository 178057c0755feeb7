package org.bcpki.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.eval.scenario.EvalContext;
import org.bcpki.eval.scenario.FootprintScenario;
import org.bcpki.eval.scenario.IssuanceScenario;
import org.bcpki.eval.scenario.LightClientScenario;
import org.bcpki.eval.scenario.PostQuantumScenario;
import org.bcpki.eval.scenario.PufScenario;
import org.bcpki.eval.scenario.RevocationScenario;
import org.bcpki.eval.scenario.Scenario;
import org.bcpki.eval.scenario.SoftwareUpdateScenario;
import org.bcpki.eval.scenario.VerificationScenario;

/** Runs scenarios and writes results.json, results.csv, report.md and the charts into one directory. */
public final class Evaluation {
    public static final String RESULTS_JSON = "results.json";
    public static final String RESULTS_CSV = "results.csv";
    public static final String REPORT_MD = "report.md";

    private Evaluation() {}

    /** Every scenario this build can run, in report order. */
    public static List<Scenario> scenarios() {
        return List.of(new PostQuantumScenario(), new IssuanceScenario(), new VerificationScenario(), new RevocationScenario(),
                new LightClientScenario(), new PufScenario(), new FootprintScenario(), new SoftwareUpdateScenario());
    }

    public record Outcome(EvalResults results, List<String> scenarios, Path outDir) {}

    public static Outcome run(Path outDir, boolean quick, List<String> rpcUrls, List<Scenario> scenarios,
                              boolean showProgress) throws Exception {
        Files.createDirectories(outDir);
        EvalResults results = new EvalResults(Environment.capture(Path.of("").toAbsolutePath()));
        int steps = 0;
        Progress progress = new Progress(System.err, 1, false);
        EvalContext sizing = new EvalContext(outDir, quick, rpcUrls, progress);
        for (Scenario scenario : scenarios) {
            steps += scenario.steps(sizing);
        }
        progress = new Progress(System.err, steps, showProgress);
        List<String> ran = new ArrayList<>();
        EvalContext context = new EvalContext(outDir, quick, rpcUrls, progress);
        try (context) {
            for (Scenario scenario : scenarios) {
                scenario.run(context, results);
                ran.add(scenario.name());
            }
        }
        progress.finish();
        write(results, context.charts(), outDir, quick);
        return new Outcome(results, ran, outDir);
    }

    static void write(EvalResults results, List<String> charts, Path outDir, boolean quick) throws IOException {
        results.writeJson(outDir.resolve(RESULTS_JSON));
        results.writeCsv(outDir.resolve(RESULTS_CSV));
        results.writeMarkdown(outDir.resolve(REPORT_MD),
                "bcpki evaluation" + (quick ? " (quick)" : ""), charts);
    }
}
