package org.bcpki.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.gateway.identity.ClassicPkiFixture;
import org.bcpki.gateway.identity.TrustMode;
import org.bcpki.gateway.identity.X509Verifier;
import org.bcpki.gateway.lmn.SerialSettings;
import org.bcpki.gateway.meter.MeterSimulator;
import org.bcpki.gateway.meter.SerialWriter;
import org.bcpki.gateway.reading.CertificateChain;
import org.bcpki.gateway.reading.MeterKey;
import org.bcpki.gateway.wan.AccessProfile;
import org.bcpki.gateway.wan.SelfSignedTls;
import org.bcpki.gateway.wan.SignedRequest;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trust x509} end to end: an ML-DSA-65 SM-PKI (issuance, CRLs over HTTP), meters on a socat
 * pseudo-terminal pair presenting their certificates in the reading envelope, an EMT presenting its
 * certificate in a header, and revocations that the gateway honours once the CRL it cached expires.
 */
class X509GatewayEndToEndTest {
    private static final String METER = "1ESY1160000000";
    private static final String UNCERTIFIED = "1ESY1160000001";
    private static final String EXPIRED = "1ESY1160000002";
    private static final String EMT = "stadtwerke-nord.emt";
    private static final Duration CRL_VALIDITY = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void certifiedMetersAndEmtsAreAcceptedUntilRevokedOthersNever() throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: no pseudo-terminal pairs");
        Path store = dir.resolve("store");
        Files.createDirectories(store);
        Files.writeString(store.resolve(AccessProfile.FILE_NAME), EMT + " = " + METER + "\n");
        try (ClassicPkiFixture pki = ClassicPkiFixture.start(dir.resolve("pki"), PkiAlgorithm.MLDSA, CRL_VALIDITY);
                PseudoTerminalPair pair = PseudoTerminalPair.open()) {
            MeterKey meterKey = MeterKey.create(dir.resolve("m0"), KeyAlgorithm.ML_DSA_65, new SecureRandom());
            CertificateChain meterCert = pki.certify(METER, Role.METER, meterKey.keyPair());
            MeterKey uncertifiedKey = MeterKey.create(dir.resolve("m1"), KeyAlgorithm.ML_DSA_65, new SecureRandom());
            MeterKey expiredKey = MeterKey.create(dir.resolve("m2"), KeyAlgorithm.ML_DSA_65, new SecureRandom());
            Instant past = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
            CertificateChain expiredCert = pki.certify(EXPIRED, Role.METER, expiredKey.keyPair(), past,
                    past.plus(Duration.ofDays(1)));
            KeyPair emtKey = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).generate(new SecureRandom());
            CertificateChain emtCert = pki.certify(EMT, Role.EMT, emtKey);

            GatewayConfig config = GatewayConfig.defaults(List.of(pair.hostEnd()), store, TrustMode.X509, 0);
            try (Gateway gateway = Gateway.start(config, X509Verifier.fromSettings(pki.settings()));
                    SerialWriter line = SerialWriter.open(pair.deviceEnd(), SerialSettings.SML_DEFAULT)) {
                waitFor(() -> gateway.lines().get(0).connected());
                GatewayCounters counters = gateway.counters();
                MeterSimulator meter = new MeterSimulator(METER, meterKey, dir.resolve("m0"), List.of(), meterCert);
                // 18 readings: the certificate goes out with the first and the 16th, the key hash otherwise.
                meter.run(line, Duration.ZERO, 18, () -> true);
                new MeterSimulator(UNCERTIFIED, uncertifiedKey, dir.resolve("m1"), List.of()).run(line, Duration.ZERO,
                        1, () -> true);
                new MeterSimulator(EXPIRED, expiredKey, dir.resolve("m2"), List.of(), expiredCert).run(line,
                        Duration.ZERO, 1, () -> true);
                waitFor(() -> counters.acceptedCount() == 18 && counters.rejectedCount("UNKNOWN") == 1
                        && counters.rejectedCount("EXPIRED") == 1);

                HttpClient client = HttpClient.newBuilder().sslContext(SelfSignedTls.trusting(
                        Files.readString(store.resolve(Gateway.WAN_CERT_FILE)))).build();
                assertEquals(200, emtGet(client, gateway, emtKey, emtCert).statusCode());
                assertRefused(emtGet(client, gateway, emtKey, null), "UNKNOWN");
                assertRefused(emtGet(client, gateway, emtKey, meterCert), "WRONG_ROLE");

                pki.revoke(meterCert);
                pki.revoke(emtCert);
                Instant revoked = Instant.now();
                while (counters.rejectedCount("REVOKED") == 0) {
                    assertTrue(Duration.between(revoked, Instant.now()).compareTo(CRL_VALIDITY.plusSeconds(5)) < 0,
                            "revocation not honoured within the CRL validity: " + counters.rejectedByReason());
                    meter.run(line, Duration.ZERO, 1, () -> true);
                    Thread.sleep(300);
                }
                // The EMT's certificate is on another sub-CA's CRL, whose cached copy may expire a little later.
                HttpResponse<String> emtAfter = emtGet(client, gateway, emtKey, emtCert);
                while (emtAfter.statusCode() == 200
                        && Duration.between(revoked, Instant.now()).compareTo(CRL_VALIDITY.plusSeconds(5)) < 0) {
                    Thread.sleep(300);
                    emtAfter = emtGet(client, gateway, emtKey, emtCert);
                }
                assertRefused(emtAfter, "REVOKED");
                assertTrue(gateway.store().verifyLog().intact());
                assertTrue(gateway.store().securityEntries(1, 1000).stream()
                        .anyMatch(e -> e.record().reason().equals("REVOKED") && e.record().evidence().contains("x509")));
            }
        }
    }

    private static HttpResponse<String> emtGet(HttpClient client, Gateway gateway, KeyPair key, CertificateChain chain)
            throws Exception {
        String path = "/wan/v1/meters/" + METER + "/readings";
        String nonce = UUID.randomUUID().toString().replace("-", "");
        Map<String, String> headers = chain == null
                ? SignedRequest.headers("GET", path, null, new byte[0], EMT, KeyAlgorithm.ML_DSA_65, key,
                        System.currentTimeMillis() / 1000, nonce)
                : SignedRequest.headers("GET", path, null, new byte[0], EMT, KeyAlgorithm.ML_DSA_65, key,
                        System.currentTimeMillis() / 1000, nonce, chain);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.wanUrl() + path)).GET();
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, String reason) throws Exception {
        assertEquals(403, response.statusCode(), response.body());
        assertEquals(reason, JSON.readTree(response.body()).get("error").asText());
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(100);
        }
    }
}
