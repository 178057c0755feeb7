package org.bcpki.chain.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs nodes as OS processes and keeps their process ids in {@code D/run/NAME.pid} so that
 * {@code network down} can stop them (in-JVM networks write one pid file per node too).
 */
public final class NodeLauncher {
    private NodeLauncher() {}

    public static Path runDir(Path dir) {
        return dir.resolve("run");
    }

    /** Starts {@code name} in a new JVM ({@link NodeMain}); its output goes to D/run/NAME.log. */
    public static Process spawn(Path dir, String name) throws IOException {
        return spawn(dir, name, Optional.empty());
    }

    /** As {@link #spawn(Path, String)}, the child logging at {@code logging} (a --logging level) when given. */
    public static Process spawn(Path dir, String name, Optional<String> logging) throws IOException {
        return java(dir, name, NodeMain.class.getName(), logging, "--dir", dir.toAbsolutePath().toString(), "--node", name);
    }

    /** Starts the whole network in one background JVM ({@link EmbeddedNetwork}); output in D/run/network.log. */
    public static Process spawnEmbedded(Path dir) throws IOException {
        return spawnEmbedded(dir, Optional.empty());
    }

    public static Process spawnEmbedded(Path dir, Optional<String> logging) throws IOException {
        return java(dir, "network", EmbeddedNetwork.class.getName(), logging, "--dir", dir.toAbsolutePath().toString());
    }

    private static Process java(Path dir, String logName, String mainClass, Optional<String> logging, String... args)
            throws IOException {
        Files.createDirectories(runDir(dir));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        logging.ifPresent(level -> command.addAll(List.of("--logging", NodeLogging.parse(level))));
        Path log = runDir(dir).resolve(logName + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    public static void writePid(Path dir, String name, long pid) throws IOException {
        Files.createDirectories(runDir(dir));
        Files.writeString(runDir(dir).resolve(name + ".pid"), Long.toString(pid));
    }

    public static void removePid(Path dir, String name) {
        try {
            Files.deleteIfExists(runDir(dir).resolve(name + ".pid"));
        } catch (IOException ignored) {
            // a stale pid file is cleaned by the next 'down'
        }
    }

    /** Stops every process recorded under D/run and removes the pid files; returns how many were running. */
    public static int stopAll(Path dir) throws IOException {
        if (!Files.isDirectory(runDir(dir))) {
            return 0;
        }
        List<ProcessHandle> stopped = new ArrayList<>();
        try (Stream<Path> files = Files.list(runDir(dir))) {
            for (Path pidFile : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                Optional<ProcessHandle> process = readPid(pidFile).flatMap(ProcessHandle::of);
                if (process.isPresent() && process.get().isAlive() && process.get().pid() != ProcessHandle.current().pid()) {
                    process.get().destroy();
                    stopped.add(process.get());
                }
                Files.deleteIfExists(pidFile);
            }
        }
        for (ProcessHandle p : stopped) {
            try {
                p.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        return (int) stopped.stream().map(ProcessHandle::pid).distinct().count();
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
