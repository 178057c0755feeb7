package org.bcpki.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * A command group whose subcommands arrive with a later issue: it shows its help, says what is
 * coming, and exits 2 because there is nothing to run yet.
 */
abstract class PendingGroup implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What this group will do and which issue brings it. */
    abstract String pending();

    @Override
    public Integer call() {
        CommandLine command = spec.commandLine();
        command.usage(command.getErr());
        command.getErr().println();
        command.getErr().println("bcpki " + spec.name() + ": not implemented yet. " + pending());
        return ExitCodes.USAGE;
    }
}
