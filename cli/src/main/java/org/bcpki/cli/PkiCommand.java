package org.bcpki.cli;

import picocli.CommandLine.Command;

@Command(name = "pki", mixinStandardHelpOptions = true,
        description = "The classic X.509 SM-PKI baseline: CAs, issuance, CRL, OCSP, LDAP, validation (not implemented yet: issue #7).")
final class PkiCommand extends PendingGroup {
    @Override
    String pending() {
        return "It arrives with issue #7: The classic X.509 SM-PKI baseline: CAs, issuance, CRL, OCSP, LDAP, validation.";
    }
}
