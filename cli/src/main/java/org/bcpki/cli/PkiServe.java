package org.bcpki.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bcpki.pki.CertificateAuthority;
import org.bcpki.pki.PkiServer;
import org.bcpki.pki.SmPki;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the issuance web service, CRLs and OCSP over HTTP, EST (RFC 7030) over HTTPS and the LDAP directory"
                + " on 127.0.0.1.")
final class PkiServe implements Callable<Integer> {
    record Result(String http, String issuance, String ocsp, String ldap, Map<String, String> crls, String est,
                  String estTlsCertificate, String openapi) {}

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, description = "The PKI directory made by 'pki init'.")
    Path dir;

    @Option(names = "--for", description = "Stop after this ISO-8601 duration (default: run until interrupted).")
    String duration;

    @Option(names = "--est-port", defaultValue = "0",
            description = "HTTPS port of EST (RFC 7030) on 127.0.0.1 (default: a free port, printed).")
    int estPort;

    @Option(names = "--json", description = "Print the URLs as one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        long stopAfterNanos = duration == null ? -1 : PkiInit.parseDuration(duration).toNanos();
        CountDownLatch stop = new CountDownLatch(1);
        if (estPort < 0 || estPort > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--est-port must be 0..65535, not " + estPort);
        }
        try (SmPki pki = SmPki.open(dir); PkiServer server = PkiServer.startAtPublicationPoints(pki, estPort)) {
            Map<String, String> crls = new LinkedHashMap<>();
            for (CertificateAuthority ca : pki.authorities()) {
                crls.put(ca.id(), server.crlUrl(ca.id()));
            }
            Result result = new Result(server.httpUrl(), server.httpUrl() + "/api/certificates", server.ocspUrl(), server.ldapUrl(), crls,
                    server.estUrl(), dir.resolve("est-tls.pem").toString(), server.httpUrl() + "/openapi.yaml");
            var out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, result);
            } else {
                out.printf("HTTP:  %s%nissue: POST %s?role=EMT&usage=tls (Authorization: Bearer <token>, PKCS#10 body)%n",
                        result.http(), result.issuance());
                out.printf("OCSP:  %s%nLDAP:  %s (base o=SM-Test-PKI-DE)%n", result.ocsp(), result.ldap());
                out.printf("EST:   %s/simpleenroll (HTTP Basic: registrar name and token), /simplereenroll, /cacerts%n"
                        + "       TLS trust anchor %s%nAPI:   %s%n", result.est(), result.estTlsCertificate(), result.openapi());
                crls.forEach((id, url) -> out.printf("CRL %-5s %s%n", id, url));
                out.println(duration == null ? "serving until interrupted (Ctrl-C)" : "serving for " + duration);
                out.flush();
            }
            Thread hook = new Thread(stop::countDown);
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                if (stopAfterNanos < 0) {
                    stop.await();
                } else {
                    stop.await(stopAfterNanos, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopping is the point: fall through and close
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting: the hook already ran
                }
            }
        }
        return ExitCodes.OK;
    }
}
