package org.bcpki.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The root of the {@code bcpki} command: one subcommand per group, each in its own class. */
@Command(
        name = "bcpki",
        mixinStandardHelpOptions = true,
        versionProvider = Bcpki.Version.class,
        description = "Blockchain PKI for smart metering, measured against the classic X.509 SM-PKI.",
        footer = {"", "Every command prints text by default and one JSON document with --json.",
                "Exit codes: 0 success, 1 a negative result (invalid, rejected), 2 a usage error."},
        subcommands = {
            NetworkCommand.class,
            NodeCommand.class,
            AuthorityCommand.class,
            GrantCommand.class,
            GovernanceCommand.class,
            ReleaseCommand.class,
            MirrorCommand.class,
            PufCommand.class,
            PkiCommand.class,
            GatewayCommand.class,
            MeterCommand.class,
            EvalCommand.class,
            DemoCommand.class,
            ExplorerCommand.class
        })
public final class Bcpki implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "a command group is required");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Bcpki());
        commandLine.setExecutionExceptionHandler(Bcpki::handleFailure);
        commandLine.setParameterExceptionHandler(Bcpki::handleUsageError);
        return commandLine;
    }

    private static int handleUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println("bcpki: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr())) {
            command.usage(command.getErr());
        }
        return ExitCodes.USAGE;
    }

    /** User errors exit 2 with their message; anything else exits 1, with a trace only on request. */
    private static int handleFailure(Exception e, CommandLine command, CommandLine.ParseResult result) {
        if (e instanceof UsageError || e instanceof IllegalArgumentException) {
            command.getErr().println("bcpki: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        command.getErr().println("bcpki: " + command.getCommandName() + " failed: " + e);
        if (System.getenv("BCPKI_DEBUG") != null) {
            e.printStackTrace(command.getErr());
        } else {
            command.getErr().println("(set BCPKI_DEBUG=1 for the stack trace)");
        }
        return ExitCodes.NEGATIVE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Bcpki.class.getResourceAsStream("/bcpki-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"bcpki " + properties.getProperty("version", "unknown")
                    + " (Java " + Runtime.version() + ")"};
        }
    }
}
