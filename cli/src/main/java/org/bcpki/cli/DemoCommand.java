package org.bcpki.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bcpki.cli.explorer.ExplorerServer;
import org.bcpki.core.chain.Address;
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

    @Option(names = "--explorer", description = "After the story, leave everything running and serve 'bcpki explorer' on"
            + " it (with the gateway's decisions) until Ctrl-C; prints the page's address.")
    boolean explorer;

    @Option(names = "--explorer-port", defaultValue = "8088", paramLabel = "P",
            description = "The explorer's port on 127.0.0.1 with --explorer (default ${DEFAULT-VALUE}; taken: any free port).")
    int explorerPort;

    @Override
    public Integer call() throws Exception {
        if (explorerPort < 0 || explorerPort > 65_535) {
            throw new UsageError("--explorer-port must be 0..65535");
        }
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
            result = story.run(out, explorer);
            if (explorer && result.success()) {
                summary(writer, result);
                serveExplorer(story, progress);
                return ExitCodes.OK;
            }
        } finally {
            story.close();
            deleteQuietly(work);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
        summary(writer, result);
        return result.success() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }

    private void summary(PrintWriter writer, DemoStory.Result result) {
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
    }

    /** The explorer on the story's network and gateway, until Ctrl-C (whose hook then stops the story too). */
    private void serveExplorer(DemoStory story, PrintWriter progress) {
        DemoStory.Running running = story.running().orElseThrow(() -> new IllegalStateException("the demo stopped"));
        ExplorerServer server;
        try {
            server = startExplorer(running, explorerPort);
        } catch (RuntimeException portTaken) {
            progress.println("explorer: port " + explorerPort + " is not free (" + portTaken.getMessage() + "); using any free port");
            server = startExplorer(running, 0);
        }
        progress.printf("%nexplorer: %s (blocks, validators, the registry, and the gateway's decisions live);"
                + " everything keeps running until Ctrl-C%n", server.url());
        progress.flush();
        ExplorerCommand.serveUntilStopped(server);
    }

    private static ExplorerServer startExplorer(DemoStory.Running running, int port) {
        return ExplorerServer.start(URI.create(running.rpcUrl()), Address.fromHex(running.registry()),
                Optional.of(URI.create(running.gatewayStatusUrl())), Optional.of(running.gatewayCertificatePem()), port);
    }

    private static void deleteQuietly(Path dir) {
        try {
            WorkDirs.deleteTree(dir);
        } catch (Exception e) {
            // best effort: a temp directory
        }
    }
}
