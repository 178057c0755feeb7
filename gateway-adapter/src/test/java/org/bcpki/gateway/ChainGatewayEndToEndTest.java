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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.identity.ChainTestNetwork;
import org.bcpki.gateway.identity.ChainVerifier;
import org.bcpki.gateway.identity.TrustMode;
import org.bcpki.gateway.lmn.SerialSettings;
import org.bcpki.gateway.meter.MeterSimulator;
import org.bcpki.gateway.meter.SerialWriter;
import org.bcpki.gateway.reading.MeterKey;
import org.bcpki.gateway.wan.AccessProfile;
import org.bcpki.gateway.wan.SelfSignedTls;
import org.bcpki.gateway.wan.SignedRequest;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trust chain} end to end: a sealed QBFT chain producing a block every second (mirror-client's
 * test network over loopback JSON-RPC), the gateway's light client following it, an ML-DSA-65 meter
 * on a socat pair and an EMT over HTTPS. After the revocation block, the meter's next reading is
 * rejected before the chain has moved two blocks past it, and the EMT is refused.
 */
class ChainGatewayEndToEndTest {
    private static final String METER = "1ESY1160000000";
    private static final String EXPIRED = "1ESY1160000001";
    private static final String UNKNOWN = "1ESY1160000002";
    private static final String EMT = "stadtwerke-nord.emt";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void grantedUntilTheRevocationBlockThenRejectedWithinTwoBlocks() throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: no pseudo-terminal pairs");
        Path store = dir.resolve("store");
        Files.createDirectories(store);
        Files.writeString(store.resolve(AccessProfile.FILE_NAME), EMT + " = " + METER + "\n");
        MeterKey meterKey = MeterKey.create(dir.resolve("m0"), KeyAlgorithm.ML_DSA_65, new SecureRandom());
        MeterKey expiredKey = MeterKey.create(dir.resolve("m1"), KeyAlgorithm.ML_DSA_65, new SecureRandom());
        MeterKey unknownKey = MeterKey.create(dir.resolve("m2"), KeyAlgorithm.ML_DSA_65, new SecureRandom());
        KeyPair emtKey = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).generate(new SecureRandom());
        byte[] emtSpki = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).encodePublicKey(emtKey.getPublic());
        ScheduledExecutorService miner = Executors.newSingleThreadScheduledExecutor();
        try (ChainTestNetwork chain = ChainTestNetwork.start();
                PseudoTerminalPair pair = PseudoTerminalPair.open()) {
            chain.grant(SubjectId.parse(METER), Role.METER, meterKey.spki());
            chain.grant(SubjectId.parse(EXPIRED), Role.METER, expiredKey.spki(), 1_650_000_000L);
            chain.grant(SubjectId.parse(EMT), Role.EMT, emtSpki);
            chain.mine();
            miner.scheduleAtFixedRate(chain::mine, 1, 1, TimeUnit.SECONDS); // the block period
            ChainVerifier verifier = ChainVerifier.start(chain.settings(dir.resolve("anchor.json"), store.resolve("x")),
                    chain.mirrorSettings(), Duration.ofMillis(200));
            GatewayConfig config = GatewayConfig.defaults(List.of(pair.hostEnd()), store, TrustMode.CHAIN, 0);
            try (Gateway gateway = Gateway.start(config, verifier);
                    SerialWriter line = SerialWriter.open(pair.deviceEnd(), SerialSettings.SML_DEFAULT)) {
                waitFor(() -> gateway.lines().get(0).connected());
                GatewayCounters counters = gateway.counters();
                MeterSimulator meter = new MeterSimulator(METER, meterKey, dir.resolve("m0"), List.of());
                meter.run(line, Duration.ZERO, 3, () -> true);
                new MeterSimulator(EXPIRED, expiredKey, dir.resolve("m1"), List.of()).run(line, Duration.ZERO, 1, () -> true);
                new MeterSimulator(UNKNOWN, unknownKey, dir.resolve("m2"), List.of()).run(line, Duration.ZERO, 1, () -> true);
                waitFor(() -> counters.acceptedCount() == 3 && counters.rejectedCount("EXPIRED") == 1
                        && counters.rejectedCount("UNKNOWN") == 1);
                GatewayStatus status = gateway.status();
                assertTrue(status.lastVerifiedBlock() >= 4, "status reports the light client's block: " + status);
                // Age against the wall clock: the test chain's blocks carry timestamps from 2023.
                assertTrue(status.viewAgeSeconds() != null && status.viewAgeSeconds() > 0, status.toString());

                HttpClient client = HttpClient.newBuilder().sslContext(SelfSignedTls.trusting(
                        Files.readString(store.resolve(Gateway.WAN_CERT_FILE)))).build();
                assertEquals(200, emtGet(client, gateway, emtKey).statusCode());

                long headBefore = chain.head(); // the miner runs on: the revocations land in a later block
                chain.revoke(SubjectId.parse(METER), Role.METER, meterKey.spki());
                chain.revoke(SubjectId.parse(EMT), Role.EMT, emtSpki);
                long revokedFrom = chain.head() + 1; // every block from here on includes the revocations
                // A reading decided at a verified head that includes the revocation must be refused; how far
                // the gateway lags behind the miner under load is a measurement (eval), not asserted here.
                while (counters.rejectedCount("REVOKED") == 0) {
                    long verifiedBefore = gateway.status().lastVerifiedBlock();
                    long acceptedBefore = counters.acceptedCount();
                    meter.run(line, Duration.ZERO, 1, () -> true);
                    waitFor(() -> counters.acceptedCount() > acceptedBefore || counters.rejectedCount("REVOKED") > 0);
                    if (counters.rejectedCount("REVOKED") == 0) {
                        assertTrue(verifiedBefore < revokedFrom, "accepted although the gateway had verified block "
                                + verifiedBefore + ", which includes the revocation (block " + revokedFrom + ")");
                    }
                }
                var rejection = gateway.store().securityEntries(1, 1000).stream()
                        .filter(e -> e.record().reason().equals("REVOKED")).findFirst().orElseThrow();
                long evidenceBlock = Long.parseLong(rejection.record().evidence().split(" ")[2]);
                assertTrue(evidenceBlock > headBefore, rejection.record().evidence());
                HttpResponse<String> refused = emtGet(client, gateway, emtKey);
                assertEquals(403, refused.statusCode(), refused.body());
                assertEquals("REVOKED", JSON.readTree(refused.body()).get("error").asText());
                assertTrue(gateway.store().verifyLog().intact());
            }
        } finally {
            miner.shutdownNow();
        }
    }

    private static HttpResponse<String> emtGet(HttpClient client, Gateway gateway, KeyPair key) throws Exception {
        String path = "/wan/v1/meters/" + METER + "/readings";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.wanUrl() + path)).GET();
        SignedRequest.headers("GET", path, null, new byte[0], EMT, KeyAlgorithm.ML_DSA_65, key,
                System.currentTimeMillis() / 1000, UUID.randomUUID().toString().replace("-", "")).forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        // Generous: CI machines may run several builds at once.
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 120 s");
            }
            Thread.sleep(100);
        }
    }
}
