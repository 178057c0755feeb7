package org.bcpki.pki;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Measures the baseline the chain is compared with, on live loopback services: path validation
 * latency warm (CRLs cached) and cold (both CRLs fetched over HTTP), OCSP-checked validation,
 * certificate and CRL sizes per algorithm, and LDAP lookup latency.
 */
public final class PkiBenchmark {
    /** Latency distribution in milliseconds. */
    public record Latency(int samples, double median, double p95, double p99, double min, double max) {
        static Latency of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Latency(sorted.length, ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), ms(percentile(sorted, 99)),
                    ms(sorted[0]), ms(sorted[sorted.length - 1]));
        }

        private static long percentile(long[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        private static double ms(long nanos) {
            return Math.round(nanos / 1_000.0) / 1_000.0;
        }
    }

    /** DER sizes in bytes. */
    public record Sizes(int rootCertificate, int subCaCertificate, int endEntityCertificate, int endEntityPublicKey,
                        int endEntitySignature, int emptyCrl) {}

    /**
     * A CRL of a given length: its DER size, how long the CA took to sign it, and cold validation when the
     * end entity's issuer publishes it (fetched over loopback HTTP, parsed, verified, searched).
     */
    public record CrlSize(String algorithm, int revocations, int bytes, double buildMillis, Latency validationCold) {}

    /**
     * {@code validationWarm}: full path validation with the CRLs cached (a gateway's first contact with a
     * certificate); {@code validationWarmPerReading}: a validated-path cache hit plus the revocation lookups
     * in the CRL index (the check per reading of a certificate already seen).
     */
    public record AlgorithmReport(String algorithm, String rootKey, String subCaKey, Sizes sizes, Latency validationWarm,
                                  Latency validationCold, Latency validationOcsp, Latency ldapLookup, Latency ldapLookupNewConnection,
                                  Latency validationWarmPerReading) {}

    public record Report(int iterations, int warmup, List<AlgorithmReport> algorithms, List<CrlSize> crlSizes, String notes) {}

    private PkiBenchmark() {}

    public static Report run(List<PkiAlgorithm> algorithms, int iterations, int warmup, List<Integer> crlRevocations) throws IOException {
        if (iterations < 1 || warmup < 0) {
            throw new IllegalArgumentException("iterations must be at least 1 and warmup not negative");
        }
        List<AlgorithmReport> reports = new ArrayList<>();
        List<CrlSize> crlSizes = new ArrayList<>();
        Path work = Files.createTempDirectory("bcpki-pki-bench");
        try {
            for (PkiAlgorithm algorithm : algorithms) {
                int httpPort = LoopbackPorts.free();
                int ldapPort = LoopbackPorts.free();
                SmPki.Created created = SmPki.create(work.resolve(algorithm.cliName()), new SmPki.Settings(algorithm,
                        PublicationPoints.loopback(httpPort, ldapPort), SmPki.DEFAULT_CRL_VALIDITY));
                try (SmPki pki = created.pki(); PkiServer server = PkiServer.startAtPublicationPoints(pki)) {
                    reports.add(measure(pki, server, iterations, warmup));
                    for (int count : crlRevocations) {
                        crlSizes.add(crlSize(pki, algorithm, count, iterations, warmup));
                    }
                }
            }
        } finally {
            deleteTree(work);
        }
        return new Report(iterations, warmup, reports, crlSizes, "loopback HTTP/LDAP on this machine; cold = empty CRL cache,"
                + " the sub-CA and root CRLs fetched over HTTP (keep-alive client); warm = CRLs cached and their signatures"
                + " already checked (first contact); warm per reading = validated-path cache hit plus CRL-index lookups; OCSP = one POST per certificate below the root, no CRLs; CRL sizes from the CA's CRL"
                + " builder over random 127-bit serials with reason keyCompromise; their cold validation serves that CRL"
                + " as the EMT sub-CA's over loopback HTTP, with fewer runs for long CRLs (iterations / (1 + n/1000), at least 5)");
    }

    private static AlgorithmReport measure(SmPki pki, PkiServer server, int iterations, int warmup) {
        PkiAlgorithm algorithm = pki.settings().algorithm();
        Issuer.IssuedWithKey issued = pki.issuer().issueNewKey("bench", "bench-emt", Role.EMT, CertificateUsage.TLS);
        X509CertificateHolder endEntity = issued.issued().certificate();
        server.syncDirectory(); // issued in-process, not through the web service: publish before the lookups
        List<X509CertificateHolder> chain = List.of(endEntity, pki.subCa(Role.EMT).certificate());
        List<X509CertificateHolder> anchors = List.of(pki.root().certificate());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        CrlFetcher shared = new CrlFetcher(client);
        PathValidator warmValidator = PathValidator.builder(anchors).fetcher(shared).build();
        timed(warmValidator, chain, 2); // fills the cache: every measured warm run then fetches nothing
        Latency warm = sample(iterations, warmup, () -> timed(warmValidator, chain, 0));
        PathValidator readingValidator = PathValidator.builder(anchors).fetcher(shared).revocationIndex(new RevocationIndex())
                .pathCache(new ValidatedPathCache()).build();
        readingValidator.validate(chain, Role.EMT, Instant.now()); // first contact: fetches and indexes CRLs and deltas
        Latency perReading = sample(iterations, warmup, () -> timed(readingValidator, chain, 0));
        Latency cold = sample(iterations, warmup, () -> timed(PathValidator.builder(anchors).fetcher(new CrlFetcher(client)).build(),
                chain, 2));
        PathValidator ocspValidator = PathValidator.builder(anchors).ocsp(server.ocspUrl()).build();
        Latency ocsp = sample(iterations, warmup, () -> timed(ocspValidator, chain, 2));

        String cn = issued.issued().commonName();
        Latency ldap;
        try (LDAPConnection connection = new LDAPConnection("127.0.0.1", server.ldapPort())) {
            ldap = sample(iterations, warmup, () -> lookup(connection, cn));
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot connect to the LDAP directory: " + e.getMessage(), e);
        }
        Latency ldapFresh = sample(iterations, warmup, () -> {
            long start = System.nanoTime();
            if (LdapDirectory.findCertificates("127.0.0.1", server.ldapPort(), cn).size() != 1) {
                throw new IllegalStateException("the directory lost " + cn);
            }
            return System.nanoTime() - start;
        });

        Sizes sizes = new Sizes(Pem.der(pki.root().certificate()).length, Pem.der(pki.subCa(Role.EMT).certificate()).length,
                Pem.der(endEntity).length, Pem.der(endEntity.getSubjectPublicKeyInfo()).length, endEntity.getSignature().length,
                Pem.der(pki.currentCrl("gwh")).length);
        return new AlgorithmReport(algorithm.cliName(), algorithm.rootKey().displayName(), algorithm.subKey().displayName(), sizes,
                warm, cold, ocsp, ldap, ldapFresh, perReading);
    }

    private static long timed(PathValidator validator, List<X509CertificateHolder> chain, int expectedFetches) {
        ValidationResult result = validator.validate(chain, Role.EMT, Instant.now());
        if (result.decision() != Decision.GRANTED || result.fetches() != expectedFetches) {
            throw new IllegalStateException("benchmark path did not validate as expected: " + result);
        }
        return result.nanos();
    }

    private static long lookup(LDAPConnection connection, String cn) {
        long start = System.nanoTime();
        try {
            if (LdapDirectory.findCertificates(connection, cn).size() != 1) {
                throw new IllegalStateException("the directory lost " + cn);
            }
        } catch (LDAPException e) {
            throw new IllegalStateException("LDAP lookup failed: " + e.getMessage(), e);
        }
        return System.nanoTime() - start;
    }

    private static Latency sample(int iterations, int warmup, LongSupplier run) {
        for (int i = 0; i < warmup; i++) {
            run.getAsLong();
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            nanos[i] = run.getAsLong();
        }
        return Latency.of(nanos);
    }

    private static CrlSize crlSize(SmPki pki, PkiAlgorithm algorithm, int count, int iterations, int warmup) throws IOException {
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<PkiStore.Revocation> revocations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            revocations.add(new PkiStore.Revocation(ProfileCertificates.randomSerial(), "emt", RevocationReason.KEY_COMPROMISE,
                    now.minusSeconds(random.nextInt(86_400 * 365))));
        }
        revocations.sort(Comparator.comparing(PkiStore.Revocation::serial, BigInteger::compareTo));
        long start = System.nanoTime();
        byte[] crl = Pem.der(CrlBuilder.build(pki.subCa(Role.EMT), revocations, now, now.plus(SmPki.DEFAULT_CRL_VALIDITY),
                BigInteger.ONE));
        double buildMillis = Math.round((System.nanoTime() - start) / 1_000.0) / 1_000.0;
        return new CrlSize(algorithm.cliName(), count, crl.length, buildMillis, coldWithCrl(pki, crl,
                Math.max(5, iterations / (1 + count / 1000)), Math.min(warmup, 2)));
    }

    /** Cold validations of a fresh EMT certificate while a plain loopback HTTP server publishes {@code crl} for its issuer. */
    private static Latency coldWithCrl(SmPki pki, byte[] crl, int runs, int warmup) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/emt.crl", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/pkix-crl");
            exchange.sendResponseHeaders(200, crl.length);
            try (var body = exchange.getResponseBody()) {
                body.write(crl);
            }
        });
        http.start();
        try {
            X509CertificateHolder endEntity = pki.issuer().issueNewKey("bench", "bench-crl", Role.EMT, CertificateUsage.TLS)
                    .issued().certificate();
            List<X509CertificateHolder> chain = List.of(endEntity, pki.subCa(Role.EMT).certificate());
            List<X509CertificateHolder> anchors = List.of(pki.root().certificate());
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/emt.crl";
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            return sample(runs, warmup, () -> timed(PathValidator.builder(anchors).crlUrls(List.of(url))
                    .fetcher(new CrlFetcher(client)).build(), chain, 2));
        } finally {
            http.stop(0);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
