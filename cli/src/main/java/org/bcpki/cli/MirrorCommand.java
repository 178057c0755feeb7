package org.bcpki.cli;

import picocli.CommandLine.Command;

@Command(name = "mirror", mixinStandardHelpOptions = true,
        description = "The gateway's light client: verify headers and proofs, sync, check identities (not implemented yet: issue #5).")
final class MirrorCommand extends PendingGroup {
    @Override
    String pending() {
        return "It arrives with issue #5: The gateway's light client: verify headers and proofs, sync, check identities.";
    }
}
