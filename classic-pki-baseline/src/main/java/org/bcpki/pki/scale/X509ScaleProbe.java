package org.bcpki.pki.scale;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.pki.CertificateAuthority;
import org.bcpki.pki.CertificateUsage;
import org.bcpki.pki.CrlBuilder;
import org.bcpki.pki.CrlFetcher;
import org.bcpki.pki.CrlIndex;
import org.bcpki.pki.LoopbackPorts;
import org.bcpki.pki.OcspCache;
import org.bcpki.pki.OcspResponder;
import org.bcpki.pki.PathValidator;
import org.bcpki.pki.Pem;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.pki.PkiServer;
import org.bcpki.pki.PkiStore;
import org.bcpki.pki.ProfileCertificates;
import org.bcpki.pki.PublicationPoints;
import org.bcpki.pki.RevocationIndex;
import org.bcpki.pki.RevocationReason;
import org.bcpki.pki.SmPki;
import org.bcpki.pki.ValidatedPathCache;
import org.bcpki.pki.ValidationResult;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * X.509 at national scale, as its best operators run it: CRL and delta CRL sizes at N certificates,
 * the gateway's CRL parse+index time, OCSP response sizes and responder throughput (signed per request
 * and pre-signed, RFC 5019) under G concurrent relying parties on loopback HTTP, and the relying party's
 * first-contact path validation against its warm check per reading (cached path + revocation lookup).
 * No eval dependency: {@link #run} returns a {@link Result} for the caller to turn into rows.
 */
public final class X509ScaleProbe {
    /** QUICK takes seconds (few samples, short load phases); FULL more samples and longer load phases. */
    public enum Mode { QUICK, FULL }

    /**
     * One probe point.
     *
     * @param certificates N, the number of certificates the CA has issued
     * @param revokedPercent share of them revoked (listed on the full CRL)
     * @param revocationsPerPeriod new revocations per delta CRL period (listed on the delta)
     * @param gateways G, concurrent relying parties asking the OCSP responder
     */
    public record Config(long certificates, double revokedPercent, int revocationsPerPeriod, int gateways, Mode mode) {
        public Config {
            if (certificates < 1 || revokedPercent < 0 || revokedPercent > 100 || revocationsPerPeriod < 0 || gateways < 1
                    || mode == null) {
                throw new IllegalArgumentException("need certificates >= 1, 0 <= revokedPercent <= 100, revocationsPerPeriod >= 0,"
                        + " gateways >= 1 and a mode");
            }
            if (Math.round(certificates * revokedPercent / 100.0) > MAX_CRL_ENTRIES) {
                throw new IllegalArgumentException("at most " + MAX_CRL_ENTRIES + " revoked certificates on one CRL");
            }
        }

        /** Entries on the full CRL: N times the revoked share, rounded. */
        public int revokedEntries() {
            return (int) Math.round(certificates * revokedPercent / 100.0);
        }
    }

    /** Milliseconds over {@code samples} measurements. */
    public record Millis(int samples, double p50, double p99, double max) {
        static Millis of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Millis(sorted.length, ms(percentile(sorted, 50)), ms(percentile(sorted, 99)), ms(sorted[sorted.length - 1]));
        }
    }

    /**
     * CRL costs for one signer ({@code variant} "ecdsa" = NIST P-256, "mldsa65" = ML-DSA-65): the full CRL
     * at N·revoked% entries and the delta CRL of one period, both real DER with real signatures; parse+index
     * is the gateway's work on receiving the full CRL: DER parse, signature check, serial index.
     */
    public record CrlCost(String variant, int fullEntries, int fullCrlBytes, double fullCrlSignMillis, int deltaEntries,
                          int deltaCrlBytes, Millis parseAndIndex) {}

    /** A single-serial RFC 5019 response (status good, no nonce, no certificates) of an issuer signing with {@code variant}. */
    public record OcspSize(String variant, String algorithm, int responseBytes) {}

    /**
     * The responder under G concurrent clients for {@code seconds}: {@code responder} "per-request" or
     * "presigned"; {@code respondMillis} the responder's own work per request in-process on one thread
     * (parse, lookup, sign or serve); {@code signMillis} one signature; {@code processCores} CPU the
     * whole process (responder and clients) used; {@code boundBy} what limits the rate.
     */
    public record OcspLoad(String variant, String responder, int clients, long requests, double seconds, double requestsPerSecond,
                           Millis latency, double respondMillis, double signMillis, double processCores, String boundBy) {}

    /**
     * The relying party on a real hierarchy ({@code hierarchy} "mldsa" = ML-DSA-65, "ecdsa" = brainpool
     * TR-03116-3) with revocation from {@code revocation} "crl-index" or "ocsp-cache": first contact is a
     * full path validation (signatures, profile, validity, revocation lookup in the already filled index or
     * cache); warm per reading is a path-cache hit plus the revocation lookups.
     */
    public record Validation(String hierarchy, String revocation, Millis firstContact, Millis warmPerReading) {}

    public record Result(Config config, List<CrlCost> crls, List<OcspSize> ocspSizes, List<OcspLoad> ocspLoads,
                         List<Validation> validations, int cores, double loadAverageBefore, double loadAverageAfter, double seconds,
                         String notes) {}

    /** 10^6 certificates with 5 % revoked. */
    public static final int MAX_CRL_ENTRIES = 50_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[] VARIANTS = {"ecdsa", "mldsa65"};

    private X509ScaleProbe() {}

    public static Result run(Config config) throws IOException {
        long start = System.nanoTime();
        double loadBefore = loadAverage();
        boolean quick = config.mode() == Mode.QUICK;
        warmUp();
        List<CrlCost> crls = new ArrayList<>();
        List<OcspSize> sizes = new ArrayList<>();
        List<OcspLoad> loads = new ArrayList<>();
        List<BigInteger> revoked = randomSerials(config.revokedEntries());
        for (String variant : VARIANTS) {
            CertificateAuthority ca = responderCa(variant);
            crls.add(crlCost(variant, ca, revoked, config.revocationsPerPeriod(), quick ? 3 : 20));
            Set<BigInteger> revokedSet = new HashSet<>(revoked);
            OcspResponder.StatusSource source = new InMemoryStatus(ca, revokedSet);
            sizes.add(new OcspSize(variant, ca.keyAlgorithm().displayName(), ocspSize(ca, source)));
            List<BigInteger> pool = requestPool(revoked, quick ? 200 : 5_000);
            for (OcspResponder.Signing signing : OcspResponder.Signing.values()) {
                loads.add(ocspLoad(variant, ca, source, signing, pool, Math.min(config.gateways(), MAX_CLIENTS),
                        quick ? Duration.ofSeconds(1) : Duration.ofSeconds(10)));
            }
        }
        List<Validation> validations = new ArrayList<>();
        for (PkiAlgorithm algorithm : List.of(PkiAlgorithm.MLDSA, PkiAlgorithm.ECDSA)) {
            validations.addAll(validations(algorithm, quick ? 20 : 300, quick ? 1_000 : 20_000));
        }
        return new Result(config, crls, sizes, loads, validations, Runtime.getRuntime().availableProcessors(), loadBefore,
                loadAverage(), (System.nanoTime() - start) / 1e9, NOTES + (config.gateways() > MAX_CLIENTS
                ? " Clients capped at " + MAX_CLIENTS + " of the " + config.gateways() + " gateways asked for." : ""));
    }

    private static final int MAX_CLIENTS = 256;
    private static final String NOTES = "One process on loopback: responder (JDK HttpServer, fixed thread pool of 2 x cores)"
            + " and its clients (JDK HttpClient, one virtual thread per gateway, closed loop) share the machine's cores."
            + " Responder status lookup is an in-memory hash set of the revoked serials (an operator's status table);"
            + " per-request signing echoes no nonce in the load phase (clients send none) so both modes answer the same"
            + " requests. The full CRL is built and signed once per signer and reused for every parse+index sample."
            + " Validation uses a real SM-PKI hierarchy served on loopback with its few revocations: a revocation"
            + " lookup is a hash probe, independent of the CRL's length.";

    /** One small CRL, response and validation path of each kind first, so the JIT and provider setup are not measured. */
    private static void warmUp() {
        for (String variant : VARIANTS) {
            CertificateAuthority ca = responderCa(variant);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            byte[] der = Pem.der(CrlBuilder.complete(ca, revocations(ca, randomSerials(200), now), now, now.plusSeconds(60),
                    BigInteger.ONE, null));
            CrlIndex.of(Pem.crl(der), ca.certificate());
            new OcspResponder(new InMemoryStatus(ca, Set.of()), Duration.ofHours(1), OcspResponder.Signing.PER_REQUEST)
                    .respond(request(ca, BigInteger.TWO));
        }
    }

    private static CrlCost crlCost(String variant, CertificateAuthority ca, List<BigInteger> revoked, int perPeriod, int samples) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<PkiStore.Revocation> entries = revocations(ca, revoked, now);
        long signStart = System.nanoTime();
        X509CRLHolder full = CrlBuilder.complete(ca, entries, now, now.plus(Duration.ofHours(24)), BigInteger.valueOf(100),
                "http://127.0.0.1/crl/probe-delta.crl");
        double signMillis = ms(System.nanoTime() - signStart);
        byte[] fullDer = Pem.der(full);
        X509CRLHolder delta = CrlBuilder.delta(ca, revocations(ca, randomSerials(perPeriod), now), now, now.plus(Duration.ofHours(1)),
                BigInteger.valueOf(101), BigInteger.valueOf(100));
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t = System.nanoTime();
            CrlIndex index = CrlIndex.of(Pem.crl(fullDer), ca.certificate());
            nanos[i] = System.nanoTime() - t;
            if (index.size() != revoked.size()) {
                throw new IllegalStateException("the index lost entries: " + index.size() + " of " + revoked.size());
            }
        }
        return new CrlCost(variant, revoked.size(), fullDer.length, signMillis, perPeriod, Pem.der(delta).length, Millis.of(nanos));
    }

    private static int ocspSize(CertificateAuthority ca, OcspResponder.StatusSource source) {
        OcspResponder responder = new OcspResponder(source, Duration.ofHours(24), OcspResponder.Signing.PRESIGNED);
        return responder.respond(request(ca, randomSerials(1).get(0))).length;
    }

    private static OcspLoad ocspLoad(String variant, CertificateAuthority ca, OcspResponder.StatusSource source,
                                     OcspResponder.Signing signing, List<BigInteger> pool, int clients, Duration phase) throws IOException {
        OcspResponder responder = new OcspResponder(source, Duration.ofHours(24), signing);
        List<byte[]> requests = pool.stream().map(serial -> request(ca, serial)).toList();
        double signMillis = signMillis(ca);
        if (signing == OcspResponder.Signing.PRESIGNED) {
            responder.presign(ca, pool);
        }
        long[] respond = new long[Math.min(200, requests.size())];
        for (int i = 0; i < respond.length; i++) {
            long t = System.nanoTime();
            responder.respond(requests.get(i));
            respond[i] = System.nanoTime() - t;
        }
        double respondMillis = Millis.of(respond).p50();
        int cores = Runtime.getRuntime().availableProcessors();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        ExecutorService serverThreads = Executors.newFixedThreadPool(2 * cores);
        server.setExecutor(serverThreads);
        server.createContext("/ocsp", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer = responder.respond(body);
            exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
            exchange.sendResponseHeaders(200, answer.length);
            try (var out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp");
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
             ExecutorService gateways = Executors.newVirtualThreadPerTaskExecutor()) {
            runClients(client, gateways, uri, requests, clients, Duration.ofMillis(Math.min(1000, phase.toMillis() / 3)));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long wallStart = System.nanoTime();
            List<long[]> perClient = runClients(client, gateways, uri, requests, clients, phase);
            double wall = (System.nanoTime() - wallStart) / 1e9;
            double processCores = (os.getProcessCpuTime() - cpuStart) / 1e9 / wall;
            long[] all = perClient.stream().flatMapToLong(Arrays::stream).toArray();
            if (all.length == 0) {
                throw new IllegalStateException("no OCSP request completed in " + phase);
            }
            double rate = all.length / wall;
            return new OcspLoad(variant, signing == OcspResponder.Signing.PRESIGNED ? "presigned" : "per-request", clients, all.length,
                    wall, rate, Millis.of(all), respondMillis, signMillis, processCores,
                    bound(signing, rate, respondMillis, signMillis, processCores, cores, loadAverage()));
        } finally {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    /** Names the limit from the measured work: responder CPU per request against the cores it has. */
    private static String bound(OcspResponder.Signing signing, double rate, double respondMillis, double signMillis,
                                double processCores, int cores, double load) {
        double responderCeiling = cores * 1000.0 / respondMillis;
        String share = String.format(java.util.Locale.ROOT, "responder work %.3f ms/request (%s) caps %d cores at %.0f req/s;"
                + " measured %.0f req/s using %.2f of %d cores", respondMillis,
                signing == OcspResponder.Signing.PRESIGNED ? "parse, issuer match, lookup, no signing"
                        : String.format(java.util.Locale.ROOT, "of which signing %.3f ms", signMillis), cores, responderCeiling, rate,
                processCores, cores);
        if (rate >= 0.6 * responderCeiling) {
            return (signing == OcspResponder.Signing.PER_REQUEST && signMillis >= 0.5 * respondMillis ? "CPU of signing: "
                    : "responder CPU: ") + share;
        }
        if (processCores >= 0.8 * cores) {
            return "CPU shared with HTTP handling and the co-located clients: " + share;
        }
        return load > cores ? String.format(java.util.Locale.ROOT, "CPU taken by other processes (load average %.1f on %d cores): ",
                load, cores) + share : "HTTP round trips (cores not saturated): " + share;
    }

    private static List<long[]> runClients(HttpClient client, ExecutorService gateways, URI uri, List<byte[]> requests, int clients,
                                           Duration phase) {
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            futures.add(gateways.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                int next = offset;
                while (!stop.get()) {
                    byte[] body = requests.get(next++ % requests.size());
                    long t = System.nanoTime();
                    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(), HttpResponse.BodyHandlers.ofByteArray());
                    long elapsed = System.nanoTime() - t;
                    if (response.statusCode() != 200 || response.body().length == 0) {
                        throw new IllegalStateException("OCSP responder answered HTTP " + response.statusCode());
                    }
                    if (!stop.get()) {
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = elapsed;
                    }
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        try {
            Thread.sleep(phase.toMillis()); // the phase length itself is what is measured, not a wait for a condition
            stop.set(true);
            List<long[]> results = new ArrayList<>();
            for (Future<long[]> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the OCSP load phase");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("an OCSP client failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static List<Validation> validations(PkiAlgorithm algorithm, int firstContactSamples, int warmSamples) throws IOException {
        Path dir = Files.createTempDirectory("bcpki-x509-probe");
        try {
            SmPki.Created created = SmPki.create(dir.resolve("pki"), new SmPki.Settings(algorithm,
                    PublicationPoints.loopback(LoopbackPorts.free(), LoopbackPorts.free()), SmPki.DEFAULT_CRL_VALIDITY));
            try (SmPki pki = created.pki(); PkiServer server = PkiServer.startAtPublicationPoints(pki)) {
                X509CertificateHolder endEntity = pki.issuer().issueNewKey("probe", "1ESY1160000001", Role.METER, CertificateUsage.SIGNATURE)
                        .issued().certificate();
                pki.revoke(pki.issuer().issueNewKey("probe", "1ESY1160000002", Role.METER, CertificateUsage.SIGNATURE).issued().serial(),
                        RevocationReason.KEY_COMPROMISE, "cli"); // a CRL with an entry, and a delta that lists it
                List<X509CertificateHolder> chain = List.of(endEntity, pki.subCa(Role.METER).certificate());
                List<X509CertificateHolder> anchors = List.of(pki.root().certificate());
                CrlFetcher fetcher = new CrlFetcher();
                RevocationIndex index = new RevocationIndex();
                OcspCache ocspCache = new OcspCache();
                List<Validation> out = new ArrayList<>();
                out.add(measure(algorithm, "crl-index", chain, firstContactSamples, warmSamples,
                        cache -> PathValidator.builder(anchors).fetcher(fetcher).revocationIndex(index).pathCache(cache).build()));
                out.add(measure(algorithm, "ocsp-cache", chain, firstContactSamples, warmSamples,
                        cache -> PathValidator.builder(anchors).ocsp(server.ocspPresignedUrl()).ocspCache(ocspCache).pathCache(cache)
                                .build()));
                return out;
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static Validation measure(PkiAlgorithm algorithm, String revocation, List<X509CertificateHolder> chain, int firstSamples,
                                      int warmSamples, java.util.function.Function<ValidatedPathCache, PathValidator> validators) {
        // Fill the revocation index or OCSP cache once, as a gateway in steady state has them.
        expectGranted(validators.apply(new ValidatedPathCache()).validate(chain, Role.METER, Instant.now()), -1);
        long[] first = new long[firstSamples];
        for (int i = 0; i < firstSamples; i++) {
            first[i] = expectGranted(validators.apply(new ValidatedPathCache()).validate(chain, Role.METER, Instant.now()), 0);
        }
        ValidatedPathCache cache = new ValidatedPathCache();
        PathValidator warm = validators.apply(cache);
        expectGranted(warm.validate(chain, Role.METER, Instant.now()), 0);
        long[] reading = new long[warmSamples];
        for (int i = 0; i < warmSamples; i++) {
            reading[i] = expectGranted(warm.validate(chain, Role.METER, Instant.now()), 0);
        }
        if (cache.hits() != warmSamples) {
            throw new IllegalStateException("warm readings missed the path cache: " + cache.hits() + " hits of " + warmSamples);
        }
        return new Validation(algorithm.cliName(), revocation, Millis.of(first), Millis.of(reading));
    }

    private static long expectGranted(ValidationResult result, int fetches) {
        if (result.decision() != Decision.GRANTED || (fetches >= 0 && result.fetches() != fetches)) {
            throw new IllegalStateException("probe path did not validate as expected: " + result);
        }
        return result.nanos();
    }

    private static CertificateAuthority responderCa(String variant) {
        KeyAlgorithm algorithm = "ecdsa".equals(variant) ? KeyAlgorithm.ECDSA_P256 : KeyAlgorithm.ML_DSA_65;
        KeyPair key = SignatureSuite.of(algorithm).generate(RANDOM);
        return new CertificateAuthority(null, ProfileCertificates.root(key, Instant.now().truncatedTo(ChronoUnit.SECONDS)),
                key.getPrivate());
    }

    private static double signMillis(CertificateAuthority ca) {
        SignatureSuite suite = SignatureSuite.of(ca.keyAlgorithm());
        byte[] message = new byte[200];
        // warmed first: cold, ML-DSA signing read 8 ms against the 1.1 ms a whole warm response took
        for (int i = 0; i < 30; i++) {
            suite.sign(ca.privateKey(), message);
        }
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            long t = System.nanoTime();
            suite.sign(ca.privateKey(), message);
            nanos[i] = System.nanoTime() - t;
        }
        return Millis.of(nanos).p50();
    }

    private static byte[] request(CertificateAuthority ca, BigInteger serial) {
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().setProvider(SignatureSuite.provider()).build()
                    .get(CertificateID.HASH_SHA1), ca.certificate(), serial);
            return new OCSPReqBuilder().addRequest(id).build().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build an OCSP request: " + e.getMessage(), e);
        }
    }

    /** Serials the clients ask about: mostly good ones, with revoked ones in their share of the population. */
    private static List<BigInteger> requestPool(List<BigInteger> revoked, int size) {
        List<BigInteger> pool = new ArrayList<>(randomSerials(size));
        for (int i = 0; i < Math.min(revoked.size(), size / 20); i++) {
            pool.set(i * 20, revoked.get(i));
        }
        return pool;
    }

    private static List<PkiStore.Revocation> revocations(CertificateAuthority ca, List<BigInteger> serials, Instant now) {
        List<PkiStore.Revocation> out = new ArrayList<>(serials.size());
        for (BigInteger serial : serials) {
            out.add(new PkiStore.Revocation(serial, ca.id(), RevocationReason.KEY_COMPROMISE, now.minusSeconds(RANDOM.nextInt(86_400 * 365))));
        }
        return out;
    }

    private static List<BigInteger> randomSerials(int count) {
        Set<BigInteger> serials = new HashSet<>();
        while (serials.size() < count) {
            serials.add(ProfileCertificates.randomSerial());
        }
        return new ArrayList<>(serials);
    }

    /** The operator's status table: every serial the clients ask about is issued; the revoked ones are listed. */
    private record InMemoryStatus(CertificateAuthority ca, Set<BigInteger> revoked) implements OcspResponder.StatusSource {
        private static final Instant REVOKED_AT = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public List<CertificateAuthority> authorities() {
            return List.of(ca);
        }

        @Override
        public OcspResponder.SerialStatus status(CertificateAuthority authority, BigInteger serial) {
            return revoked.contains(serial) ? new OcspResponder.SerialStatus(PkiStore.Status.REVOKED, REVOKED_AT,
                    RevocationReason.KEY_COMPROMISE.code()) : OcspResponder.SerialStatus.GOOD;
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
