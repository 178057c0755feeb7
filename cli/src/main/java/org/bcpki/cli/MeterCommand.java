package org.bcpki.cli;

import picocli.CommandLine.Command;

@Command(name = "meter", mixinStandardHelpOptions = true,
        description = "Simulate meters on serial lines (not implemented yet: issue #8).")
final class MeterCommand extends PendingGroup {
    @Override
    String pending() {
        return "It arrives with issue #8: Simulate meters on serial lines.";
    }
}
