package org.bcpki.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.pki.PkiBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the baseline on loopback: validation latency warm/cold/OCSP, certificate and CRL sizes,"
                + " LDAP lookup latency.")
final class PkiBench implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--algorithms", split = ",", defaultValue = "ecdsa,mldsa,composite", description = "Hierarchies to measure.")
    List<String> algorithms;

    @Option(names = "--iterations", defaultValue = "200", description = "Measured runs per latency figure.")
    int iterations;

    @Option(names = "--warmup", defaultValue = "50", description = "Unmeasured runs before each latency figure.")
    int warmup;

    @Option(names = "--crl-sizes", split = ",", defaultValue = "10,1000,100000", description = "Revocation counts for CRL sizes.")
    List<Integer> crlSizes;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<PkiAlgorithm> parsed = new ArrayList<>();
        for (String name : algorithms) {
            parsed.add(PkiAlgorithm.parse(name));
        }
        for (int size : crlSizes) {
            if (size < 0 || size > 1_000_000) {
                throw new UsageError("--crl-sizes must be 0..1000000");
            }
        }
        PkiBenchmark.Report report = PkiBenchmark.run(parsed, iterations, warmup, crlSizes);
        var out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, report);
            return ExitCodes.OK;
        }
        out.printf("%d iterations after %d warm-up runs; latencies in ms (median / p95 / p99)%n", report.iterations(), report.warmup());
        for (PkiBenchmark.AlgorithmReport a : report.algorithms()) {
            out.printf("%n%s (root %s, sub-CAs and end entities %s)%n", a.algorithm(), a.rootKey(), a.subCaKey());
            out.printf("  sizes: root %d B, sub-CA %d B, end entity %d B (public key %d B, signature %d B), empty CRL %d B%n",
                    a.sizes().rootCertificate(), a.sizes().subCaCertificate(), a.sizes().endEntityCertificate(),
                    a.sizes().endEntityPublicKey(), a.sizes().endEntitySignature(), a.sizes().emptyCrl());
            line(out, "validation warm", a.validationWarm());
            line(out, "validation cold (2 CRLs over HTTP)", a.validationCold());
            line(out, "validation with OCSP (2 requests)", a.validationOcsp());
            line(out, "LDAP lookup (open connection)", a.ldapLookup());
            line(out, "LDAP lookup (new connection)", a.ldapLookupNewConnection());
        }
        out.printf("%nCRL sizes%n");
        for (PkiBenchmark.CrlSize size : report.crlSizes()) {
            out.printf("  %-9s %7d revocations: %10d B (signed in %.1f ms); cold validation %.3f / %.3f / %.3f ms (%d runs)%n",
                    size.algorithm(), size.revocations(), size.bytes(), size.buildMillis(), size.validationCold().median(),
                    size.validationCold().p95(), size.validationCold().p99(), size.validationCold().samples());
        }
        out.printf("%n%s%n", report.notes());
        out.flush();
        return ExitCodes.OK;
    }

    private static void line(java.io.PrintWriter out, String label, PkiBenchmark.Latency latency) {
        out.printf("  %-36s %8.3f / %8.3f / %8.3f%n", label, latency.median(), latency.p95(), latency.p99());
    }
}
