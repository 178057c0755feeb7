package org.bcpki.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.lmn.SerialSettings;
import org.bcpki.gateway.meter.FaultKind;
import org.bcpki.gateway.meter.MeterSimulator;
import org.bcpki.gateway.meter.SerialWriter;
import org.bcpki.gateway.reading.MeterKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "meter", mixinStandardHelpOptions = true,
        description = "Simulate meters on serial lines.",
        subcommands = {MeterCommand.Simulate.class, MeterCommand.Keygen.class, MeterCommand.Csr.class})
final class MeterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a meter subcommand is required");
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Create a meter key directory (meter-key.properties: algorithm and 32-byte seed).")
    static final class Keygen implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--key", required = true, paramLabel = "DIR", description = "Directory to create the key in.")
        Path dir;

        @Option(names = "--algorithm", defaultValue = "ML-DSA-65", paramLabel = "ALG",
                description = "ML-DSA-65 (default) or brainpoolP256r1 for the classic comparison.")
        String algorithm;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            MeterKey key = MeterKey.create(dir, KeyAlgorithm.parse(algorithm), new SecureRandom());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("key", dir.toString());
            doc.put("algorithm", key.algorithm().displayName());
            doc.put("publicKey", HexFormat.of().formatHex(key.spki()));
            doc.put("keyHash", Hex.data(key.keyHash()));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, doc);
            } else {
                out.println("meter key (" + doc.get("algorithm") + ") in " + dir + ", key hash " + doc.get("keyHash"));
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    /**
     * Where a meter's key comes from: a seed key directory ({@code meter keygen}) or a puf-attest
     * enrollment directory, whose key is rebuilt from the PUF at every start (a simulated SRAM PUF
     * named by {@code --device-seed}, or a PUF device on {@code --puf-port}).
     */
    static final class KeySource {
        @Option(names = "--device-seed", paramLabel = "S",
                description = "PUF meters: the simulated SRAM-PUF device S (as in 'bcpki puf enroll --device-seed S').")
        String deviceSeed;

        @Option(names = "--puf-port", paramLabel = "PORT", description = "PUF meters: the PUF device on this serial port.")
        String pufPort;

        @Option(names = "--puf-ber", defaultValue = "0.10", paramLabel = "P",
                description = "PUF meters: read bit error rate of the simulated device (default: ${DEFAULT-VALUE}).")
        double pufBer;

        @Option(names = "--puf-key", defaultValue = "ML-DSA-65", paramLabel = "ALG",
                description = "PUF meters: ML-DSA-65 (the enrolled identity key, default) or brainpoolP256r1 (classic).")
        String pufKey;

        MeterKey load(Path dir, String meterId) {
            if (!org.bcpki.gateway.reading.PufMeterKey.isEnrollment(dir)) {
                if (deviceSeed != null || pufPort != null) {
                    throw new UsageError(dir + " is not a PUF enrollment directory; --device-seed/--puf-port apply to those");
                }
                return MeterKey.load(dir);
            }
            if ((deviceSeed == null) == (pufPort == null)) {
                throw new UsageError(dir + " is a PUF enrollment: give the PUF with --device-seed S or --puf-port PORT");
            }
            if (pufBer < 0 || pufBer >= 0.5) {
                throw new UsageError("--puf-ber must be in [0, 0.5)");
            }
            try (org.bcpki.puf.PufSource puf = pufPort != null
                    ? org.bcpki.puf.serial.SerialPufDevice.open(pufPort, 2000)
                    : org.bcpki.puf.SramPufSimulator.of(deviceSeed, org.bcpki.puf.SramPufModel.nominal(pufBer),
                            new java.util.SplittableRandom(new SecureRandom().nextLong()))) {
                return org.bcpki.gateway.reading.PufMeterKey.load(dir, meterId, puf, KeyAlgorithm.parse(pufKey));
            }
        }
    }

    @Command(name = "csr", mixinStandardHelpOptions = true,
            description = "Write a PKCS#10 request for the meter's key (CN <id>.LMN), for 'bcpki pki issue --role METER --csr'.")
    static final class Csr implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--key", required = true, paramLabel = "DIR", description = "Meter key directory (meter keygen).")
        Path keyDir;

        @Option(names = "--id", required = true, paramLabel = "ID", description = "Meter server ID, e.g. 1ESY1160000000.")
        String id;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the PEM request.")
        Path out;

        @CommandLine.Mixin
        KeySource source;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (!SubjectId.isMeterId(id)) {
                throw new UsageError("--id must be a DIN 43863-5 meter ID such as 1ESY1160000000, got " + id);
            }
            MeterKey key = source.load(keyDir, id.toUpperCase(Locale.ROOT));
            String commonName = org.bcpki.pki.SmPkiProfile.endUserCommonName(id, org.bcpki.core.identity.Role.METER);
            java.nio.file.Files.writeString(out,
                    org.bcpki.pki.Pem.encode(org.bcpki.pki.Issuer.request(key.keyPair(), commonName)));
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("csr", out.toString());
            doc.put("commonName", commonName);
            doc.put("algorithm", key.algorithm().displayName());
            doc.put("keyHash", Hex.data(key.keyHash()));
            PrintWriter printer = spec.commandLine().getOut();
            if (json) {
                Output.json(printer, doc);
            } else {
                printer.println("certificate request for " + commonName + " written to " + out);
                printer.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = {"Send signed SML readings on a serial port, one per interval, optionally with faulty traffic.",
                "Each --fault adds one item of that kind after every good reading."})
    static final class Simulate implements java.util.concurrent.Callable<Integer> {
        private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m)");

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--port", required = true, paramLabel = "PATH", description = "Serial device, e.g. /dev/pts/4.")
        String port;

        @Option(names = "--id", required = true, paramLabel = "ID", description = "Meter server ID, e.g. 1ESY1160000000.")
        String id;

        @Option(names = "--key", required = true, paramLabel = "DIR",
                description = "Meter key directory (meter keygen) or PUF enrollment directory (puf enroll).")
        Path keyDir;

        @CommandLine.Mixin
        KeySource source;

        @Option(names = "--cert", paramLabel = "FILE",
                description = "The meter's X.509 certificate (PEM, leaf first, optionally its sub-CA): presented instead of the bare key.")
        Path certificate;

        @Option(names = "--interval", defaultValue = "1s", paramLabel = "DURATION",
                description = "Time between readings: 500ms, 1s, 2m (default: ${DEFAULT-VALUE}).")
        String interval;

        @Option(names = "--count", defaultValue = "0", paramLabel = "N", description = "Readings to send (0: until stopped).")
        long count;

        @Option(names = "--fault", paramLabel = "KIND",
                description = "bad-crc, truncated, garbage, oversized, replay or wrong-key (repeatable).")
        List<String> faults = new ArrayList<>();

        @Option(names = "--serial", defaultValue = "9600/8N1", paramLabel = "BAUD/8N1",
                description = "Line settings (default: ${DEFAULT-VALUE}).")
        String serial;

        @Option(names = "--json", description = "Print one JSON document when done.")
        boolean json;

        @Override
        public Integer call() {
            if (!SubjectId.isMeterId(id)) {
                throw new UsageError("--id must be a DIN 43863-5 meter ID such as 1ESY1160000000, got " + id);
            }
            if (count < 0) {
                throw new UsageError("--count must not be negative");
            }
            Duration every = parseInterval(interval);
            List<FaultKind> kinds = faults.stream().map(FaultKind::parse).toList();
            MeterKey key = source.load(keyDir, id.toUpperCase(Locale.ROOT));
            org.bcpki.gateway.reading.CertificateChain chain = certificate == null ? null
                    : org.bcpki.gateway.reading.CertificateChain.load(certificate);
            MeterSimulator simulator = new MeterSimulator(id.toUpperCase(Locale.ROOT), key, keyDir, kinds, chain);
            SerialSettings settings = SerialSettings.parse(serial);
            double lineSeconds = simulator.lineSecondsPerReading(settings.baud());
            if (lineSeconds * 1000 > every.toMillis()) {
                spec.commandLine().getErr().printf(Locale.ROOT, "bcpki: note: one %s reading needs %.1f s of line time"
                        + " at %s, more than --interval %s; only pseudo-terminals, which ignore the baud rate, keep up%n",
                        key.algorithm().displayName(), lineSeconds, settings, interval);
                spec.commandLine().getErr().flush();
            }
            Map<String, Long> sent;
            try (SerialWriter line = SerialWriter.open(port, settings)) {
                java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
                Thread hook = new Thread(() -> running.set(false));
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    sent = simulator.run(line, every, count, running::get);
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // already stopping
                    }
                }
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("port", port);
            doc.put("id", id.toUpperCase(Locale.ROOT));
            doc.put("algorithm", key.algorithm().displayName());
            doc.put("sent", new java.util.TreeMap<>(sent));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, doc);
            } else {
                out.println("sent on " + port + ": " + doc.get("sent"));
                out.flush();
            }
            return ExitCodes.OK;
        }

        static Duration parseInterval(String text) {
            Matcher m = INTERVAL.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new UsageError("--interval takes a duration like 500ms, 1s or 2m, got " + text);
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }
    }
}
