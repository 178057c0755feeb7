package org.bcpki.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Where a measurement was taken: numbers are meaningless without the machine next to them. */
public record Environment(
        String cpuModel,
        int cores,
        long memoryBytes,
        String os,
        String javaVersion,
        String javaVendor,
        String bcpkiVersion,
        String gitCommit,
        String timestamp,
        double loadAverage) {

    public static Environment capture(Path repository) {
        return new Environment(
                readCpuModel(),
                Runtime.getRuntime().availableProcessors(),
                readTotalMemory(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Runtime.version().toString(),
                System.getProperty("java.vendor"),
                Environment.class.getPackage().getImplementationVersion() == null
                        ? "dev" : Environment.class.getPackage().getImplementationVersion(),
                readGitCommit(repository),
                Instant.now().toString(),
                // 1-minute load average at the start: numbers from a loaded machine are not comparable with idle ones
                loadAverageNow());
    }

    /** The 1-minute load average now (negative where the OS does not tell), for a scenario's notes. */
    public static double loadAverageNow() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String readCpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    private static long readTotalMemory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                    .findFirst().orElse(Runtime.getRuntime().maxMemory());
        } catch (IOException | NumberFormatException e) {
            return Runtime.getRuntime().maxMemory();
        }
    }

    private static String readGitCommit(Path repository) {
        try {
            Process git = new ProcessBuilder("git", "-C", repository.toString(), "rev-parse", "--short=12", "HEAD")
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            boolean done = git.waitFor(5, TimeUnit.SECONDS);
            return done && git.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
