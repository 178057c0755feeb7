package org.bcpki.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bcpki pki}: the classic X.509 SM-PKI baseline (issue #7); the logic lives in classic-pki-baseline. */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = "The classic X.509 SM-PKI baseline: CAs, issuance, CRL, OCSP, LDAP, validation.",
        subcommands = {PkiInit.class, PkiServe.class, PkiEnroll.class, PkiIssue.class, PkiRevoke.class, PkiRevokeCa.class, PkiRegistrar.class,
                PkiValidate.class, PkiBench.class})
final class PkiCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a pki subcommand is required: init, serve, enroll, issue, revoke, revoke-ca, registrar, validate or bench");
    }
}
