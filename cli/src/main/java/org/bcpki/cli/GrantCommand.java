package org.bcpki.cli;

import picocli.CommandLine.Command;

@Command(name = "grant", mixinStandardHelpOptions = true,
        description = "Request, approve, revoke and show on-chain grants (not implemented yet: issue #4).")
final class GrantCommand extends PendingGroup {
    @Override
    String pending() {
        return "It arrives with issue #4: Request, approve, revoke and show on-chain grants.";
    }
}
