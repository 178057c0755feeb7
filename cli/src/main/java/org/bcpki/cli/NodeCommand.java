package org.bcpki.cli;

import picocli.CommandLine.Command;

@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a single chain node of a network directory (not implemented yet: issue #3).")
final class NodeCommand extends PendingGroup {
    @Override
    String pending() {
        return "It arrives with issue #3: Run a single chain node of a network directory.";
    }
}
