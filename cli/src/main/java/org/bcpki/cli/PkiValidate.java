package org.bcpki.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bcpki.core.identity.Role;
import org.bcpki.pki.PathValidator;
import org.bcpki.pki.Pem;
import org.bcpki.pki.ValidationResult;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate a certificate path as the gateway does: signatures, validity, keyUsage, basicConstraints,",
                "path length, critical extensions, revocation (CRL from the distribution points unless given; OCSP if asked)",
                "and the role. Exit 0 when valid and not revoked, 1 otherwise."})
final class PkiValidate implements Callable<Integer> {
    record Result(boolean valid, String decision, String reason, List<String> path, double millis, String check, String role,
                  int fetches) {}

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--anchor", required = true, description = "Trust anchor (root certificate, PEM or DER).")
    Path anchor;

    @Option(names = "--cert", required = true, description = "End-entity certificate.")
    Path certificate;

    @Option(names = "--intermediate", description = "Intermediate (sub-CA) certificate; repeatable.")
    List<Path> intermediates = new ArrayList<>();

    @Option(names = "--crl", description = "CRL file or http(s) URL; repeatable. Issuers without one use the distribution point.")
    List<String> crls = new ArrayList<>();

    @Option(names = "--ocsp", description = "OCSP responder URL (with no --crl, OCSP replaces CRLs).")
    String ocsp;

    @Option(names = "--at", description = "Validation time, ISO-8601 (default: now), e.g. 2027-01-01T00:00:00Z.")
    String at;

    @Option(names = "--role", description = "Required role: GWA, GWH, EMT, SMGW or METER (default: any).")
    String role;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        Instant time = parseTime(at);
        Role wanted = role == null ? null : Role.parse(role);
        List<X509CertificateHolder> chain = new ArrayList<>();
        chain.add(load(certificate, "--cert"));
        for (Path intermediate : intermediates) {
            chain.add(load(intermediate, "--intermediate"));
        }
        PathValidator.Builder builder = PathValidator.builder(List.of(load(anchor, "--anchor")));
        List<X509CRLHolder> crlFiles = new ArrayList<>();
        List<String> crlUrls = new ArrayList<>();
        for (String crl : crls) {
            if (crl.startsWith("http://") || crl.startsWith("https://")) {
                crlUrls.add(crl);
            } else {
                try {
                    crlFiles.add(Pem.crl(PkiIssue.read(Path.of(crl))));
                } catch (IllegalArgumentException e) {
                    throw new UsageError(crl + ": " + e.getMessage());
                }
            }
        }
        builder.crls(crlFiles).crlUrls(crlUrls);
        if (ocsp != null) {
            builder.ocsp(ocsp);
        }
        ValidationResult verdict = builder.build().validate(chain, wanted, time);
        Result result = new Result(verdict.valid(), verdict.decision().name(), verdict.reason(), verdict.path(),
                Math.round(verdict.millis() * 1000) / 1000.0, verdict.failedCheck().name(),
                verdict.role() == null ? null : verdict.role().name(), verdict.fetches());
        if (json) {
            Output.json(spec.commandLine().getOut(), result);
        } else {
            var out = spec.commandLine().getOut();
            out.printf("%s: %s%n", result.decision(), result.reason());
            for (String name : result.path()) {
                out.printf("  %s%n", name);
            }
            out.printf("%.3f ms, %d revocation fetches%n", result.millis(), result.fetches());
            out.flush();
        }
        return verdict.valid() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }

    private static X509CertificateHolder load(Path file, String option) {
        try {
            return Pem.certificate(PkiIssue.read(file));
        } catch (IllegalArgumentException e) {
            throw new UsageError(option + " " + file + ": " + e.getMessage());
        }
    }

    private static Instant parseTime(String text) {
        if (text == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageError("--at wants an ISO-8601 instant such as 2027-01-01T00:00:00Z, got " + text);
        }
    }
}
