package org.bcpki.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "puf", mixinStandardHelpOptions = true,
        description = "PUF simulation, device enrollment and attestation.",
        subcommands = {
            PufSimulateCommand.class,
            PufEnrollCommand.class,
            PufAttestCommand.class,
            PufDeviceSimCommand.class,
            PufBenchCommand.class,
            PufAlgorithmsCommand.class
        })
final class PufCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a puf subcommand is required");
    }
}
