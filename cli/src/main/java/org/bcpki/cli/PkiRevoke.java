package org.bcpki.cli;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bcpki.pki.PkiStore;
import org.bcpki.pki.RevocationReason;
import org.bcpki.pki.Serials;
import org.bcpki.pki.SmPki;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a certificate by serial; the next CRL and every OCSP answer list it.")
final class PkiRevoke implements Callable<Integer> {
    record Result(String serial, String reason, String revokedAt, String ca) {}

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, description = "The PKI directory.")
    Path dir;

    @Option(names = "--serial", required = true, description = "Serial number in hex, as 'issue' prints it.")
    String serial;

    @Option(names = "--reason", defaultValue = "unspecified",
            description = "unspecified, key-compromise, ca-compromise, affiliation-changed, superseded,"
                    + " cessation-of-operation or privilege-withdrawn.")
    String reason;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        BigInteger parsedSerial = Serials.parse(serial);
        RevocationReason parsedReason = RevocationReason.parse(reason);
        try (SmPki pki = SmPki.open(dir)) {
            PkiStore.Revocation revocation;
            try {
                revocation = pki.revoke(parsedSerial, parsedReason, "cli");
            } catch (IllegalArgumentException notRevocable) {
                spec.commandLine().getErr().println("bcpki: " + notRevocable.getMessage());
                return ExitCodes.NEGATIVE;
            }
            Result result = new Result(Serials.toHex(revocation.serial()), parsedReason.name(), revocation.revokedAt().toString(),
                    revocation.caId());
            if (json) {
                Output.json(spec.commandLine().getOut(), result);
            } else {
                spec.commandLine().getOut().printf("revoked %s (%s) at %s; listed on the %s CRL%n", result.serial(), result.reason(),
                        result.revokedAt(), result.ca());
                spec.commandLine().getOut().flush();
            }
            return ExitCodes.OK;
        }
    }
}
