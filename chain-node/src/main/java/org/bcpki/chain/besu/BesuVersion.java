package org.bcpki.chain.besu;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code besu --version} prints, e.g. {@code besu/v26.8.1/linux-x86_64/openjdk-java-25}:
 * the release, the platform and the JVM it ran on (the last field ends in the Java feature version).
 */
public record BesuVersion(String release, String platform, String jvm, int javaFeature) {
    private static final Pattern LINE = Pattern.compile("besu/v?([^/\\s]+)/([^/\\s]+)/([^/\\s]*?-java-(\\d+))");

    /** Finds the version line in the command's whole output (log lines such as "Using jemalloc" may surround it). */
    public static Optional<BesuVersion> parse(String output) {
        Matcher m = LINE.matcher(output);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new BesuVersion(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4))));
    }

    /** The release's major number (26 for 26.8.1, 25 for 25.10-develop-11ef567). */
    public int major() {
        Matcher m = Pattern.compile("^(\\d+)").matcher(release);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Override
    public String toString() {
        return "besu/v" + release + "/" + platform + "/" + jvm;
    }
}
