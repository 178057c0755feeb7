package org.bcpki.cli;

import picocli.CommandLine.Command;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Run the evaluation: chain PKI against X.509 PKI (not implemented yet: issue #9).")
final class EvalCommand extends PendingGroup {
    @Override
    String pending() {
        return "It arrives with issue #9: Run the evaluation: chain PKI against X.509 PKI.";
    }
}
