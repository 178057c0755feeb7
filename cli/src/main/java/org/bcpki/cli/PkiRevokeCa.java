package org.bcpki.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bcpki.core.identity.Role;
import org.bcpki.pki.Pem;
import org.bcpki.pki.RevocationReason;
import org.bcpki.pki.Serials;
import org.bcpki.pki.SmPki;
import org.bcpki.pki.SmPkiProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "revoke-ca", mixinStandardHelpOptions = true,
        description = "Revoke a sub-CA as the root operator, offline on the CA directory with the root key (never over HTTP);"
                + " signs a fresh root CRL that lists it. Every certificate below that sub-CA then fails validation.")
final class PkiRevokeCa implements Callable<Integer> {
    record Result(String ca, String subject, String serial, String reason, String revokedAt, String rootCrl, String crlNumber) {}

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, description = "The PKI directory (holds root.key).")
    Path dir;

    @Option(names = "--ca", required = true, description = "The sub-CA: gwa, gwh, emt, smgw or lmn.")
    String ca;

    @Option(names = "--reason", defaultValue = "ca-compromise",
            description = "ca-compromise, key-compromise, affiliation-changed, superseded, cessation-of-operation, ...")
    String reason;

    @Option(names = "--crl-out", description = "Where to write the new root CRL (DER; default DIR/root.crl).")
    Path crlOut;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Role role = subCaRole(ca);
        RevocationReason parsedReason = RevocationReason.parse(reason);
        Path crlFile = crlOut != null ? crlOut : dir.resolve("root.crl");
        try (SmPki pki = SmPki.open(dir)) {
            SmPki.CaRevocation revoked;
            try {
                revoked = pki.revokeSubCa(role, parsedReason, "root-operator");
            } catch (IllegalArgumentException notRevocable) {
                spec.commandLine().getErr().println("bcpki: " + notRevocable.getMessage());
                return ExitCodes.NEGATIVE;
            }
            Files.write(crlFile, Pem.der(revoked.rootCrl()));
            var number = org.bouncycastle.asn1.x509.CRLNumber.getInstance(
                    revoked.rootCrl().getExtension(org.bouncycastle.asn1.x509.Extension.cRLNumber).getParsedValue());
            Result result = new Result(ca, SmPkiProfile.subCaCommonName(role), Serials.toHex(revoked.revocation().serial()),
                    parsedReason.name(), revoked.revocation().revokedAt().toString(), crlFile.toAbsolutePath().toString(),
                    number.getCRLNumber().toString());
            if (json) {
                Output.json(spec.commandLine().getOut(), result);
            } else {
                spec.commandLine().getOut().printf("revoked %s (serial %s, %s) at %s; root CRL number %s written to %s%n",
                        result.subject(), result.serial(), result.reason(), result.revokedAt(), result.crlNumber(), result.rootCrl());
                spec.commandLine().getOut().flush();
            }
            return ExitCodes.OK;
        }
    }

    private static Role subCaRole(String caId) {
        for (Role role : SmPkiProfile.certifiedRoles()) {
            if (SmPkiProfile.caId(role).equalsIgnoreCase(caId.strip())) {
                return role;
            }
        }
        throw new UsageError("--ca must be one of gwa, gwh, emt, smgw, lmn (the root is not revoked; it is replaced), not '" + caId + "'");
    }
}
