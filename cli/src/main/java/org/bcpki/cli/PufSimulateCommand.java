package org.bcpki.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.bcpki.puf.CodeParameters;
import org.bcpki.puf.PufDevice;
import org.bcpki.puf.PufSimulation;
import org.bcpki.puf.SimulationConfig;
import org.bcpki.puf.SimulationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Monte-Carlo reliability and uniqueness of PUF-derived keys.",
            "Enrolls simulated devices, then counts failed reconstructions over noisy reads and sets "
                    + "them beside the closed-form failure rate."})
final class PufSimulateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--devices", defaultValue = "100", description = "Simulated devices (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--ber", defaultValue = "0.10", description = "Per-read bit error rate (default ${DEFAULT-VALUE}).")
    double ber;

    @Option(names = "--trials", defaultValue = "100000", description = "Reconstructions in total, spread over the devices (default ${DEFAULT-VALUE}).")
    long trials;

    @Option(names = "--seed", defaultValue = "1", description = "Names the device population and the noise (default ${DEFAULT-VALUE}).")
    String seed;

    @Option(names = "--bias", defaultValue = "0.5", description = "Share of cells powering up as 1 (default ${DEFAULT-VALUE}).")
    double bias;

    @Option(names = "--temperature", defaultValue = "25", description = "Read temperature in °C (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--age", defaultValue = "0", description = "Device age in years at the reads (default ${DEFAULT-VALUE}).")
    double age;

    @Option(names = "--enrollment-reads", defaultValue = "" + PufDevice.DEFAULT_ENROLLMENT_READS,
            description = "Reads combined by majority at enrollment, odd (default ${DEFAULT-VALUE}).")
    int enrollmentReads;

    @Option(names = "--threads", description = "Worker threads (default: min(2, CPUs)).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        int workers = threads != null ? threads : Math.min(2, Runtime.getRuntime().availableProcessors());
        SimulationReport report = PufSimulation.run(new SimulationConfig(devices, ber, trials, seed, bias, temperature,
                age, enrollmentReads, CodeParameters.DEFAULT, workers));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, report);
        } else {
            out.printf("construction         %s (%d helper bits, %d secret bits)%n", report.construction(),
                    report.helperDataBits(), report.secretBits());
            out.printf("residual entropy     %.1f bits (bias %.3f)%n", report.residualEntropyBits(), report.bias());
            out.printf("devices              %d (%d distinct keys)%n", report.devices(), report.uniqueKeys());
            out.printf("trials               %d at BER %.3f (effective %.4f)%n", report.trials(), report.ber(), report.effectiveBer());
            out.printf("failures             %d (rate %.3g; analytic %.3g; wrong keys %d)%n", report.failures(),
                    report.failureRate(), report.analyticFailureRate(), report.wrongKeys());
            out.printf("distance intra/inter %.4f / %.4f%n", report.meanIntraDistance(), report.meanInterDistance());
            out.printf("elapsed              %d ms on %d threads%n", report.elapsedMs(), report.threads());
            out.flush();
        }
        return report.wrongKeys() == 0 ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}
