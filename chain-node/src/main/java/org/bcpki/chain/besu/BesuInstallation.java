package org.bcpki.chain.besu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bcpki.chain.engine.EngineUnavailableException;

/**
 * A Besu distribution found on this machine: its {@code bin/besu} script, the environment it is
 * started with, and the version it reported. Besu 26 needs JDK 25; the JDK is checked through
 * Besu's own version line (the JVM that actually ran it), not guessed from the environment.
 */
public record BesuInstallation(Path executable, Map<String, String> environment, BesuVersion version) {
    public static final int MIN_JAVA = 25;
    public static final String IMAGE = "hyperledger/besu:26.8.1";
    public static final String HOW_TO_GET = "Get Besu from its release page (https://github.com/hyperledger/besu/releases: "
            + "unpack the tarball and set BESU_HOME to it, or put its bin/ on the PATH; it needs JDK " + MIN_JAVA
            + "+ in JAVA_HOME), or run the Docker image " + IMAGE + " with the generated docker-compose.yml";

    public BesuInstallation {
        environment = Map.copyOf(environment);
    }

    /** Runs an executable with arguments in an environment and returns its combined output. */
    @FunctionalInterface
    public interface CommandRunner {
        String run(List<String> command, Map<String, String> environment) throws IOException;
    }

    /** {@code BESU_HOME/bin/besu} when BESU_HOME is set, else the first {@code besu} on the PATH. */
    public static Optional<Path> locate(Map<String, String> env) {
        String home = env.get("BESU_HOME");
        if (home != null && !home.isBlank()) {
            Path script = Path.of(home, "bin", "besu");
            return Files.isExecutable(script) ? Optional.of(script) : Optional.empty();
        }
        for (String entry : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                Path candidate = Path.of(entry, "besu");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The environment Besu runs in: the caller's, plus JAVA_HOME set to this JVM's home when
     * JAVA_HOME is unset and this JVM is recent enough (the default {@code java} on the PATH may be older).
     */
    public static Map<String, String> launchEnvironment(Map<String, String> env, String javaHome, int javaFeature) {
        Map<String, String> out = new HashMap<>(env);
        if ((out.get("JAVA_HOME") == null || out.get("JAVA_HOME").isBlank()) && javaFeature >= MIN_JAVA) {
            out.put("JAVA_HOME", javaHome);
        }
        return out;
    }

    /** Finds Besu, asks it for its version and checks the JDK; throws with a how-to message when unfit. */
    public static BesuInstallation detect(Map<String, String> env, CommandRunner runner) {
        Path executable = locate(env).orElseThrow(() -> new EngineUnavailableException("Besu not found ("
                + (env.containsKey("BESU_HOME") ? "BESU_HOME=" + env.get("BESU_HOME") + " has no executable bin/besu"
                        : "BESU_HOME is not set and there is no 'besu' on the PATH") + "). " + HOW_TO_GET));
        Map<String, String> launchEnv = launchEnvironment(env, System.getProperty("java.home"), Runtime.version().feature());
        String output;
        try {
            output = runner.run(List.of(executable.toString(), "--version"), launchEnv);
        } catch (IOException e) {
            throw new EngineUnavailableException("cannot run '" + executable + " --version': " + e.getMessage() + ". " + HOW_TO_GET);
        }
        return new BesuInstallation(executable, launchEnv, check(executable, output, launchEnv.get("JAVA_HOME")));
    }

    /** Checks a recorded {@code besu --version} output: a version line, Besu 24+, on JDK 25+. */
    public static BesuVersion check(Path executable, String output, String javaHome) {
        String where = javaHome == null ? "the java on the PATH" : "JAVA_HOME=" + javaHome;
        if (output.contains("UnsupportedClassVersionError")) {
            throw new EngineUnavailableException("Besu at " + executable + " needs a newer JDK than " + where
                    + ": install JDK " + MIN_JAVA + "+ and point JAVA_HOME at it");
        }
        BesuVersion version = BesuVersion.parse(output).orElseThrow(() -> new EngineUnavailableException(
                "'" + executable + " --version' did not print a Besu version (got: " + firstLine(output) + "). " + HOW_TO_GET));
        if (version.javaFeature() < MIN_JAVA) {
            throw new EngineUnavailableException("Besu " + version.release() + " runs on Java " + version.javaFeature()
                    + " (" + where + "); this project runs Besu on JDK " + MIN_JAVA + "+: point JAVA_HOME at a JDK "
                    + MIN_JAVA + " and try again");
        }
        if (version.major() < 24) {
            throw new EngineUnavailableException("Besu " + version.release() + " is too old (QBFT with the ENTERPRISE profile "
                    + "needs 24.x or later; this project pins " + IMAGE + "). " + HOW_TO_GET);
        }
        return version;
    }

    /** The command line that starts one node: its config file (absolute) and the ENTERPRISE profile. */
    public List<String> command(Path nodeDir) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.add("--config-file=" + nodeDir.toAbsolutePath().normalize().resolve("config.toml"));
        command.add("--profile=ENTERPRISE");
        return command;
    }

    /** A process builder for one node: run from the node's directory (config paths are relative to it), output to {@code log}. */
    public ProcessBuilder processBuilder(Path nodeDir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command(nodeDir)).directory(nodeDir.toAbsolutePath().normalize().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }

    /** Runs a command for at most a minute (Besu's JVM start) and returns stdout and stderr together. */
    public static String runProcess(List<String> command, Map<String, String> environment) throws IOException {
        // output goes to a file so that a hanging process cannot block the reader past the timeout
        Path output = Files.createTempFile("besu-version", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("timed out after 60 s");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return "nothing";
        }
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl);
    }
}
