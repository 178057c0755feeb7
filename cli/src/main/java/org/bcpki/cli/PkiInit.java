package org.bcpki.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.bcpki.pki.LoopbackPorts;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.pki.PublicationPoints;
import org.bcpki.pki.RegistrarScope;
import org.bcpki.pki.SmPki;
import org.bcpki.pki.SmPkiProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a root CA and the GWA, GWH, EMT, SMGW and LMN sub-CAs in a directory.")
final class PkiInit implements Callable<Integer> {
    record Result(String dir, String algorithm, String rootKey, String subCaKey, String root, String http, String ldap,
                  String ocsp, String crlValidity, String registrar, String token, String roles,
                  String subjects) {}

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Directory for keys, certificates and the database.")
    Path dir;

    @Option(names = "--algorithm", defaultValue = "ecdsa", description = "ecdsa (Brainpool), mldsa (ML-DSA-65) or composite.")
    String algorithm;

    @Option(names = "--http-port", defaultValue = "8470",
            description = "Port of the CRL/OCSP/issuance service the certificates point to (0: pick a free one now).")
    int httpPort;

    @Option(names = "--ldap-port", defaultValue = "8389", description = "Port of the LDAP directory (0: pick a free one now).")
    int ldapPort;

    @Option(names = "--crl-validity", defaultValue = "PT24H", description = "CRL nextUpdate distance, ISO-8601 (e.g. PT24H).")
    String crlValidity;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PkiAlgorithm pkiAlgorithm = PkiAlgorithm.parse(algorithm);
        Duration validity = parseDuration(crlValidity);
        PublicationPoints points = PublicationPoints.loopback(port(httpPort, "--http-port"), port(ldapPort, "--ldap-port"));
        SmPki.Created created = SmPki.create(dir, new SmPki.Settings(pkiAlgorithm, points, validity));
        try (SmPki pki = created.pki()) {
            Result result = new Result(dir.toAbsolutePath().toString(), pkiAlgorithm.cliName(), pkiAlgorithm.rootKey().displayName(),
                    pkiAlgorithm.subKey().displayName(), dir.resolve("root.pem").toAbsolutePath().toString(), points.httpBase(),
                    points.ldapBase(), points.ocspUrl(), validity.toString(), SmPki.DEFAULT_REGISTRAR, created.registrarToken(),
                    RegistrarScope.ALL_END_ENTITIES.rolesText(), RegistrarScope.ALL_END_ENTITIES.subjectPatternsText());
            var out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, result);
            } else {
                out.printf("created %s SM-PKI in %s%n", pkiAlgorithm.cliName(), result.dir());
                out.printf("root CA:   %s (%s), %s%n", SmPkiProfile.ROOT_CN, result.rootKey(), result.root());
                out.printf("sub-CAs:   GWA, GWH, EMT, SMGW, LMN (%s)%n", result.subCaKey());
                out.printf("CRLs:      %s/crl/<ca>.crl, nextUpdate %s%n", result.http(), result.crlValidity());
                out.printf("OCSP:      %s%nLDAP:      %s%n", result.ocsp(), result.ldap());
                out.printf("registrar '%s' (end entities only: roles %s, subjects %s; narrower ones: 'bcpki pki registrar')%n",
                        result.registrar(), result.roles(), result.subjects());
                out.printf("registrar token (shown once, only its hash is stored): %s%n", result.token());
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    private static int port(int port, String option) {
        if (port < 0 || port > 65535) {
            throw new UsageError(option + " must be 0..65535");
        }
        return port == 0 ? LoopbackPorts.free() : port;
    }

    static Duration parseDuration(String text) {
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.isZero()) {
                throw new UsageError("the duration must be positive: " + text);
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new UsageError("not an ISO-8601 duration (e.g. PT24H): " + text);
        }
    }
}
