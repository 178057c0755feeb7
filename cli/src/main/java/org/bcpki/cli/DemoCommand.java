package org.bcpki.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bcpki.eval.demo.DemoReport;
import org.bcpki.eval.demo.DemoStory;
import org.bcpki.eval.testbed.WorkDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The end-to-end story on this machine, in one JVM: embedded QBFT network (4 validators,"
                + " 2 mirrors), 3 authority services, the X.509 baseline, a gateway with 3 simulated meters on"
                + " socat pseudo-terminals and one EMT; grants, readings, revocations, the same checks by X.509.",
                "Prints a summary table, writes --out, stops everything it started. Exit 0 success, 1 a step failed."})
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "demo-report", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json", description = "Print the summary as one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        // The services log every request at INFO; the story and the progress bar are the output here.
        org.bcpki.chain.node.NodeLogging.set("WARN");
        PrintWriter writer = spec.commandLine().getOut();
        PrintWriter progress = json ? spec.commandLine().getErr() : writer;
        Path work = Files.createTempDirectory("bcpki-demo");
        DemoStory story = new DemoStory(work, line -> {
            progress.println(line);
            progress.flush();
        });
        // Ctrl-C: stop the network, services, gateway and socat before the JVM exits.
        Thread hook = new Thread(() -> {
            story.close();
            deleteQuietly(work);
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        DemoStory.Result result;
        try {
            progress.println("bcpki demo: working in " + work + ", report in " + out.toAbsolutePath());
            progress.flush();
            result = story.run(out);
        } finally {
            story.close();
            deleteQuietly(work);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("success", result.success());
            summary.put("failure", result.failure());
            summary.put("totalMillis", Math.round(result.totalMillis()));
            summary.put("reportDir", out.toAbsolutePath().toString());
            summary.put("steps", result.steps());
            Output.json(writer, summary);
        } else {
            writer.println();
            writer.print(DemoReport.table(result.steps()));
            writer.printf("%n%s in %.1f s; report: %s%n", result.success() ? "demo succeeded" : "demo FAILED: " + result.failure(),
                    result.totalMillis() / 1000, out.resolve(DemoReport.SUMMARY_MD).toAbsolutePath());
        }
        writer.flush();
        return result.success() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }

    private static void deleteQuietly(Path dir) {
        try {
            WorkDirs.deleteTree(dir);
        } catch (Exception e) {
            // best effort: a temp directory
        }
    }
}
