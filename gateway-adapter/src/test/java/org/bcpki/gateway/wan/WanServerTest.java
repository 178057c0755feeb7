package org.bcpki.gateway.wan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.Gateway;
import org.bcpki.gateway.GatewayConfig;
import org.bcpki.gateway.identity.InMemoryGrantsTestDouble;
import org.bcpki.gateway.identity.TrustMode;
import org.bcpki.gateway.reading.ObisCode;
import org.bcpki.gateway.reading.ObisValue;
import org.bcpki.gateway.reading.Reading;
import org.bcpki.gateway.store.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EMT and HAN requests against a real HTTPS listener on loopback. */
class WanServerTest {
    private static final String METER = "1ESY1160000000";
    private static final String OTHER_METER = "1ESY1160000001";
    private static final String EMT = "stadtwerke-nord.emt";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;
    private final InMemoryGrantsTestDouble grants = new InMemoryGrantsTestDouble("grants");
    private final java.security.KeyPair emtKey = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).fromSeed(new byte[32]);
    private Gateway gateway;
    private HttpClient client;

    @BeforeEach
    void setUp() throws Exception {
        byte[] spki = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).encodePublicKey(emtKey.getPublic());
        grants.grant(SubjectId.parse(EMT), Role.EMT, spki);
        grants.grant(SubjectId.parse("messstellenbetreiber.gwa"), Role.GWA, spki);
        grants.grant(SubjectId.parse("revoked.emt"), Role.EMT, spki);
        grants.setStatus(SubjectId.parse("revoked.emt"), Decision.REVOKED);
        Files.writeString(store.resolve(AccessProfile.FILE_NAME),
                EMT + " = " + METER + "\nmessstellenbetreiber.gwa = " + METER + "\nrevoked.emt = " + METER + "\n");
        gateway = Gateway.start(GatewayConfig.defaults(List.of(), store, TrustMode.CHAIN, 0), grants);
        gateway.store().accept(new Reading(METER, 1, 1_763_700_000L,
                List.of(new ObisValue(ObisCode.ENERGY_IMPORT_TOTAL, ObisValue.UNIT_WATT_HOUR, -1, 123_4))),
                new byte[32], spki, java.util.Optional.empty(), LogRecord.accepted("reading", METER, "seeded by the test", ""));
        client = HttpClient.newBuilder().sslContext(SelfSignedTls.trusting(
                Files.readString(store.resolve(Gateway.WAN_CERT_FILE)))).build();
    }

    @AfterEach
    void tearDown() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aGrantedEmtReadsAMeterInItsProfile() throws Exception {
        HttpResponse<String> response = emtGet(EMT, METER, System.currentTimeMillis() / 1000, nonce());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(METER, body.get("meterId").asText());
        assertEquals("123.4", body.get("readings").get(0).get("value").asText());
        assertEquals(1, gateway.counters().wanAllowedCount());
    }

    @Test
    void refusesByProfileRoleAndIdentity() throws Exception {
        assertRefused(emtGet(EMT, OTHER_METER, System.currentTimeMillis() / 1000, nonce()), 403, "NOT_IN_PROFILE");
        assertRefused(emtGet("messstellenbetreiber.gwa", METER, System.currentTimeMillis() / 1000, nonce()), 403, "WRONG_ROLE");
        assertRefused(emtGet("unknown.emt", METER, System.currentTimeMillis() / 1000, nonce()), 403, "UNKNOWN");
        assertRefused(emtGet("revoked.emt", METER, System.currentTimeMillis() / 1000, nonce()), 403, "REVOKED");
        grants.setStale(true);
        assertRefused(emtGet(EMT, METER, System.currentTimeMillis() / 1000, nonce()), 403, "STALE_VIEW");
    }

    @Test
    void refusesReplaysStaleRequestsForgeriesAndUnsignedRequests() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String nonce = nonce();
        assertEquals(200, emtGet(EMT, METER, now, nonce).statusCode());
        assertRefused(emtGet(EMT, METER, now, nonce), 401, "REPLAY");
        assertRefused(emtGet(EMT, METER, now - 10 * 60, nonce()), 401, "STALE_REQUEST");

        // Headers signed for one meter, sent for another: the signature covers the path.
        Map<String, String> headers = SignedRequest.headers("GET", "/wan/v1/meters/" + METER + "/readings", null,
                new byte[0], EMT, KeyAlgorithm.ML_DSA_65, emtKey, now, nonce());
        assertRefused(send("/wan/v1/meters/" + OTHER_METER + "/readings", headers), 401, "BAD_SIGNATURE");
        assertRefused(send("/wan/v1/meters/" + METER + "/readings", Map.of()), 401, "MISSING_SIGNATURE");

        long refused = gateway.store().securityEntries(1, 100).stream()
                .filter(e -> e.record().kind().equals("wan")).count();
        assertEquals(4, refused, "every refused WAN request is in the security log");
        assertEquals(1, gateway.store().consumerLogEntries(1, 100).size(), "the data given out is in the consumer log");
        assertTrue(gateway.store().logEntries(1, 100).stream().noneMatch(e -> e.record().kind().equals("wan")),
                "WAN traffic is not a metrological event");
        assertTrue(gateway.store().verifyLog().intact());
    }

    @Test
    void hanServesLatestReadingsOnlyWithTheConsumersToken() throws Exception {
        assertEquals(401, send("/han/v1/readings", Map.of()).statusCode());
        assertEquals(401, send("/han/v1/readings", Map.of("Authorization", "Bearer wrong")).statusCode());
        HttpResponse<String> ok = send("/han/v1/readings", Map.of("Authorization", "Bearer " + gateway.hanToken()));
        assertEquals(200, ok.statusCode());
        assertEquals(METER, JSON.readTree(ok.body()).get("readings").get(0).get("meterId").asText());
        HttpResponse<String> write = client.send(HttpRequest.newBuilder(URI.create(gateway.wanUrl() + "/han/v1/readings"))
                .header("Authorization", "Bearer " + gateway.hanToken())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(write.statusCode() == 404 || write.statusCode() == 405, "HAN is read-only: " + write.statusCode());
    }

    @Test
    void statusReportsCounters() throws Exception {
        grants.setView(4711, "0xabc", java.time.Instant.now().minusSeconds(30));
        emtGet(EMT, OTHER_METER, System.currentTimeMillis() / 1000, nonce());
        JsonNode status = JSON.readTree(send("/status", Map.of()).body());
        for (String field : List.of("frames", "accepted", "rejected", "lastVerifiedBlock", "viewAgeSeconds")) {
            assertTrue(status.has(field), "status has " + field + ": " + status);
        }
        assertEquals(1, status.get("wanRefused").get("NOT_IN_PROFILE").asLong());
        assertEquals(4711, status.get("lastVerifiedBlock").asLong());
        long age = status.get("viewAgeSeconds").asLong();
        assertTrue(age >= 30 && age < 90, "view age " + age);
        assertTrue(status.get("logEntries").asLong() >= 2);
        assertTrue(status.get("securityLogEntries").asLong() >= 1);
    }

    private HttpResponse<String> emtGet(String emt, String meter, long time, String nonce) throws Exception {
        String path = "/wan/v1/meters/" + meter + "/readings";
        return send(path, SignedRequest.headers("GET", path, null, new byte[0], emt, KeyAlgorithm.ML_DSA_65, emtKey,
                time, nonce));
    }

    private HttpResponse<String> send(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.wanUrl() + path)).GET();
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reason) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(reason, JSON.readTree(response.body()).get("error").asText());
    }

    private static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
