package org.bcpki.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.bcpki.puf.PufException;
import org.bcpki.puf.SramPufModel;
import org.bcpki.puf.SramPufSimulator;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.bcpki.puf.serial.SerialDeviceSimulator;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "device-sim", mixinStandardHelpOptions = true,
        description = {"Play a simulated PUF device on a serial port (e.g. a socat pty).",
            "Speaks the framed protocol of puf-attest/README.md on one end of a pseudo-terminal pair,"
                    + " e.g. one made by: socat -d -d pty,raw,echo=0 pty,raw,echo=0. Runs until the port goes "
                    + "away, --max-requests are served, or it is interrupted."})
final class PufDeviceSimCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    static final class Where {
        @Option(names = "--port", paramLabel = "PORT", description = "Serial port to serve on, e.g. /dev/pts/3.")
        String port;

        @Option(names = "--pty", description = "Start socat for a fresh pty pair and print the host's end.")
        boolean pty;
    }

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Names the simulated device (as --device-seed).")
    String seed;

    @Option(names = "--ber", defaultValue = "0.10", description = "Per-read bit error rate (default ${DEFAULT-VALUE}).")
    double ber;

    @Option(names = "--bias", defaultValue = "0.5", description = "Share of cells powering up as 1 (default ${DEFAULT-VALUE}).")
    double bias;

    @Option(names = "--temperature", defaultValue = "25", description = "Temperature in °C (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--age", defaultValue = "0", description = "Device age in years (default ${DEFAULT-VALUE}).")
    double age;

    @Option(names = "--max-requests", defaultValue = "0", description = "Stop after this many requests (0: no limit).")
    long maxRequests;

    @Option(names = "--json", description = "Print one JSON document when the device stops.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        SramPufModel model = new SramPufModel(bias, ber, temperature, age);
        SramPufSimulator puf = SramPufSimulator.of(seed, model, new SplittableRandom(new SecureRandom().nextLong()));
        PseudoTerminalPair pair = where.pty ? PseudoTerminalPair.open() : null;
        String port = pair != null ? pair.deviceEnd() : where.port;
        PrintWriter err = spec.commandLine().getErr();
        SerialDeviceSimulator opened;
        try {
            opened = SerialDeviceSimulator.open(port, puf, "bcpki SRAM-PUF simulator (seed " + seed + ", BER " + ber + ")");
        } catch (PufException e) {
            if (pair != null) {
                pair.close();
            }
            throw new UsageError(e.getMessage(), e);
        }
        try (SerialDeviceSimulator device = opened) {
            device.onRejected(message -> {
                err.println("bcpki: device-sim " + message);
                err.flush();
            });
            err.println("bcpki: PUF device '" + seed + "' serving on " + port
                    + (pair != null ? "; host port: " + pair.hostEnd() : ""));
            err.flush();
            Thread shutdown = new Thread(device::stop);
            Runtime.getRuntime().addShutdownHook(shutdown);
            long served = device.serve(maxRequests);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: nothing to remove
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("port", port);
            result.put("hostPort", pair != null ? pair.hostEnd() : null);
            result.put("seed", seed);
            result.put("served", served);
            if (json) {
                Output.json(spec.commandLine().getOut(), result);
            } else {
                spec.commandLine().getOut().println("served " + served + " requests on " + port);
                spec.commandLine().getOut().flush();
            }
            return ExitCodes.OK;
        } finally {
            if (pair != null) {
                pair.close();
            }
        }
    }
}
