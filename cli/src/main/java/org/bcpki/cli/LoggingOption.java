package org.bcpki.cli;

import java.util.Optional;
import org.bcpki.chain.node.NodeLogging;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Besu's {@code --logging LEVEL} for the commands that run nodes; a bad level is a usage error (exit 2). */
final class LoggingOption {
    @Option(names = "--logging", paramLabel = "LEVEL", converter = Level.class,
            description = "log level: OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE, ALL (default: INFO, or the node config's logging key)")
    String level;

    /** Sets the chosen level for this JVM (node config files then keep it). */
    void apply() {
        if (level != null) {
            NodeLogging.setFromCommandLine(level);
        }
    }

    Optional<String> level() {
        return Optional.ofNullable(level);
    }

    static final class Level implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return NodeLogging.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
