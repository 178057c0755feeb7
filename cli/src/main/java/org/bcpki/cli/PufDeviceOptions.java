package org.bcpki.cli;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.bcpki.puf.PufSource;
import org.bcpki.puf.SramPufModel;
import org.bcpki.puf.SramPufSimulator;
import org.bcpki.puf.serial.SerialPufDevice;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where the PUF is: a simulated device named by a seed, or a device on a serial port. */
final class PufDeviceOptions {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--device-seed", paramLabel = "S", description = "Simulate the SRAM-PUF device named S.")
        String deviceSeed;

        @Option(names = "--port", paramLabel = "PORT", description = "Use the PUF device on this serial port.")
        String port;
    }

    @Option(names = "--ber", defaultValue = "0.10", paramLabel = "P",
            description = "Per-read bit error rate of the simulated device (default ${DEFAULT-VALUE}).")
    double ber;

    @Option(names = "--bias", defaultValue = "0.5", paramLabel = "P",
            description = "Share of cells powering up as 1, simulated device (default ${DEFAULT-VALUE}).")
    double bias;

    @Option(names = "--temperature", defaultValue = "25", paramLabel = "CELSIUS",
            description = "Read temperature of the simulated device (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--age", defaultValue = "0", paramLabel = "YEARS",
            description = "Age of the simulated device (default ${DEFAULT-VALUE}).")
    double age;

    @Option(names = "--timeout-ms", defaultValue = "2000", paramLabel = "MS",
            description = "How long to wait for a serial device's answer (default ${DEFAULT-VALUE}).")
    long timeoutMs;

    /** The PUF to read; the caller closes it. */
    PufSource open() {
        if (source.port != null) {
            return SerialPufDevice.open(source.port, timeoutMs);
        }
        SramPufModel model = new SramPufModel(bias, ber, temperature, age);
        return SramPufSimulator.of(source.deviceSeed, model, new SplittableRandom(new SecureRandom().nextLong()));
    }

    /** Names the device in messages and derives default subjects. */
    String name() {
        return source.port != null ? "serial device on " + source.port : "simulated device '" + source.deviceSeed + "'";
    }
}
