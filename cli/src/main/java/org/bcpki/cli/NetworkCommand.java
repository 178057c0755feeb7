package org.bcpki.cli;

import picocli.CommandLine.Command;

@Command(name = "network", mixinStandardHelpOptions = true,
        description = "Create, start, inspect and stop a QBFT network (embedded or Besu) (not implemented yet: issue #3).")
final class NetworkCommand extends PendingGroup {
    @Override
    String pending() {
        return "It arrives with issue #3: Create, start, inspect and stop a QBFT network (embedded or Besu).";
    }
}
