package org.bcpki.cli;

import picocli.CommandLine.Command;

@Command(name = "puf", mixinStandardHelpOptions = true,
        description = "PUF simulation, device enrollment and attestation (not implemented yet: issue #6).")
final class PufCommand extends PendingGroup {
    @Override
    String pending() {
        return "It arrives with issue #6: PUF simulation, device enrollment and attestation.";
    }
}
