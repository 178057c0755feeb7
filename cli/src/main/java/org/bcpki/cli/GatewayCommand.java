package org.bcpki.cli;

import picocli.CommandLine.Command;

@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run a smart meter gateway and read its status (not implemented yet: issue #8).")
final class GatewayCommand extends PendingGroup {
    @Override
    String pending() {
        return "It arrives with issue #8: Run a smart meter gateway and read its status.";
    }
}
