package org.bcpki.chain.node;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * The log level, as Besu's {@code --logging} option and {@code logging} config key set it. Logging
 * goes through log4j2 (slf4j is bridged to it, libevm logs to it directly), configured by
 * {@code log4j2.xml}; this sets the root level and caps every appender of the root at it, so a
 * quieter level also silences libraries the file keeps at WARN. The level belongs to the JVM: a
 * command line's choice wins over any node's config file.
 */
public final class NodeLogging {
    /** Besu's values (FATAL is accepted and, as in Besu, means ERROR). */
    public static final List<String> LEVELS = List.of("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");
    private static volatile boolean fromCommandLine;

    private NodeLogging() {}

    /** The level named by {@code value}, in upper case; IllegalArgumentException as Besu words it. */
    public static String parse(String value) {
        String upper = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(upper)) {
            throw new IllegalArgumentException("Unknown logging value: " + value + " (use one of " + String.join(", ", LEVELS) + ")");
        }
        return upper.equals("FATAL") ? "ERROR" : upper;
    }

    /** A level chosen on the command line: set now, and node config files no longer change it. */
    public static void setFromCommandLine(String level) {
        set(parse(level));
        fromCommandLine = true;
    }

    /** Applies a node's {@code logging} option (read by {@link NodeOptions}), unless a command line chose the level. */
    static void applyConfig(Optional<String> level) {
        if (level.isPresent() && !fromCommandLine) {
            set(level.get());
        }
    }

    /** Sets the level now (e.g. a command whose own output must not drown in INFO lines). */
    public static synchronized void set(String level) {
        Level l = Level.valueOf(parse(level));
        // another log4j API binding (none in this project) would not be ours to configure
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return;
        }
        LoggerConfig root = context.getConfiguration().getRootLogger();
        root.setLevel(l);
        for (Map.Entry<String, Appender> appender : Map.copyOf(root.getAppenders()).entrySet()) {
            root.removeAppender(appender.getKey());
            root.addAppender(appender.getValue(), l, null);
        }
        context.updateLoggers();
    }

    /** The root level now in force. */
    public static String current() {
        return LogManager.getRootLogger().getLevel().name();
    }
}
