package org.bcpki.cli;

import picocli.CommandLine.Command;

@Command(name = "authority", mixinStandardHelpOptions = true,
        description = "Run an authority's grant-approval service (not implemented yet: issue #4).")
final class AuthorityCommand extends PendingGroup {
    @Override
    String pending() {
        return "It arrives with issue #4: Run an authority's grant-approval service.";
    }
}
