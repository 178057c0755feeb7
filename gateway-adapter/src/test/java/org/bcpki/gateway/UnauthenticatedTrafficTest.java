package org.bcpki.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.identity.ChainTestNetwork;
import org.bcpki.gateway.identity.ChainVerifier;
import org.bcpki.gateway.identity.TrustMode;
import org.bcpki.gateway.lmn.LmnPipeline;
import org.bcpki.gateway.lmn.SerialSettings;
import org.bcpki.gateway.meter.SerialWriter;
import org.bcpki.gateway.reading.MeterKey;
import org.bcpki.gateway.reading.ObisCode;
import org.bcpki.gateway.reading.ObisValue;
import org.bcpki.gateway.reading.Reading;
import org.bcpki.gateway.reading.ReadingCodec;
import org.bcpki.gateway.reading.SignedReading;
import org.bcpki.gateway.sml.SmlTransport;
import org.bcpki.gateway.store.LogEntry;
import org.bcpki.gateway.store.StoreLimits;
import org.bcpki.gateway.wan.AccessProfile;
import org.bcpki.gateway.wan.SelfSignedTls;
import org.bcpki.gateway.wan.SignedRequest;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 12, against the real gateway: HTTPS listener, SQLite store, chain verifier on mirror-client's
 * sealed test chain, meters on a socat pair. The rates are set so that buckets never refill during a
 * test (one token in decades), which makes every count exact without depending on timing.
 */
class UnauthenticatedTrafficTest {
    private static final String METER = "1ESY1160000000";
    private static final String EMT = "stadtwerke-nord.emt";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double NEVER = 1e-9; // tokens per second

    @TempDir
    Path dir;

    private final KeyPair emtKey = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).generate(new SecureRandom());
    private final byte[] emtSpki = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).encodePublicKey(emtKey.getPublic());

    @Test
    @DisplayName("finding 12: 2,000 unauthenticated WAN requests leave the metrological log unchanged and the security log bounded")
    void aFloodOfUnauthenticatedRequestsIsBoundedAndRateLimited() throws Exception {
        StoreLimits storeLimits = new StoreLimits(100, 50, 512);
        RateLimits rates = new RateLimits(100, NEVER, 30, NEVER);
        try (ChainTestNetwork chain = grantedChain(); Gateway gateway = startWan(chain, storeLimits, rates)) {
            LogEntry headBefore = gateway.store().lastLogEntry().orElseThrow();
            SSLContext tls = SelfSignedTls.trusting(Files.readString(dir.resolve("store").resolve(Gateway.WAN_CERT_FILE)));
            int port = URI.create(gateway.wanUrl()).getPort();
            InetAddress stranger = InetAddress.getByName("127.0.0.2");

            Map<String, String> garbageSignature = new HashMap<>(SignedRequest.headers("GET", meterPath(METER), null,
                    new byte[0], EMT, KeyAlgorithm.ML_DSA_65, emtKey, System.currentTimeMillis() / 1000, nonce()));
            garbageSignature.put(SignedRequest.SIGNATURE, Base64.getEncoder().encodeToString(new byte[3309]));
            Map<Integer, Integer> statuses = new TreeMap<>();
            try (StrangerClient attacker = new StrangerClient(tls, port, stranger)) {
                for (int i = 0; i < 2000; i++) {
                    int status = switch (i % 4) {
                        case 0 -> attacker.get(meterPath(METER), Map.of());
                        case 1 -> attacker.get(meterPath(METER), garbageSignature);
                        case 2 -> attacker.get("/wan/v1/meters/not-a-meter/readings", Map.of());
                        default -> attacker.get("/han/v1/readings", Map.of("Authorization", "Bearer guess"));
                    };
                    statuses.merge(status, 1, Integer::sum);
                }
            }
            assertEquals(1970, statuses.get(429), "after its 30 refusals the address is answered 429: " + statuses);
            assertEquals(2000, statuses.values().stream().mapToInt(Integer::intValue).sum());
            assertTrue(statuses.keySet().stream().allMatch(s -> s == 400 || s == 401 || s == 429), statuses.toString());

            LogEntry headAfter = gateway.store().lastLogEntry().orElseThrow();
            assertEquals(headBefore.seq(), headAfter.seq(), "no metrological entry added");
            assertEquals(headBefore.hashHex(), headAfter.hashHex(), "hash-chain head unchanged");
            GatewayStatus status = gateway.status();
            assertEquals(50, status.securityLogEntries(), "the ring holds its bound: " + status);
            assertEquals(50, status.securityLogCapacity());
            assertEquals(100, status.securityLogWritten(), "the stranger's address wrote its burst, no more");
            assertEquals(1900, status.securityLogDropped());
            assertEquals(1970, status.wanRefused().get("RATE_LIMITED"));
            assertTrue(gateway.store().securityEntries(1, 1000).stream()
                    .allMatch(e -> e.source().equals("wan:127.0.0.2")), "entries name their source");

            // The EMT that behaves, from its own address, is not affected.
            HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> ok = emtGet(client, gateway, emtKey, METER, nonce());
                assertEquals(200, ok.statusCode(), ok.body());
            }
            assertEquals(3, gateway.store().consumerLogCount(), "the data given out is in the consumer log");
            assertEquals(headBefore.seq(), gateway.store().lastLogEntry().orElseThrow().seq());
            assertTrue(gateway.store().verifyLog().intact());
        }
    }

    @Test
    @DisplayName("finding 12: a stranger forging or replaying with the real EMT's nonce does not burn it")
    void aStrangerCannotBurnTheEmtsNonce() throws Exception {
        try (ChainTestNetwork chain = grantedChain();
                Gateway gateway = startWan(chain, StoreLimits.DEFAULTS, RateLimits.DEFAULTS)) {
            HttpClient client = HttpClient.newBuilder().sslContext(SelfSignedTls.trusting(
                    Files.readString(dir.resolve("store").resolve(Gateway.WAN_CERT_FILE)))).build();
            String nonce = nonce();
            Map<String, String> real = SignedRequest.headers("GET", meterPath(METER), null, new byte[0], EMT,
                    KeyAlgorithm.ML_DSA_65, emtKey, System.currentTimeMillis() / 1000, nonce);

            // The EMT's signed headers, captured and sent for another path: the signature covers the path.
            assertRefused(send(client, gateway, meterPath("1ESY1160000001"), real), 401, "BAD_SIGNATURE");
            // The stranger signs with its own key in the EMT's name: the signature verifies, the key is not the EMT's.
            KeyPair strangerKey = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).generate(new SecureRandom());
            assertRefused(emtGet(client, gateway, strangerKey, METER, nonce), 403, "WRONG_KEY");
            // The EMT's headers with the signature altered.
            Map<String, String> altered = new LinkedHashMap<>(real);
            byte[] signature = Base64.getDecoder().decode(real.get(SignedRequest.SIGNATURE));
            signature[10] ^= 1;
            altered.put(SignedRequest.SIGNATURE, Base64.getEncoder().encodeToString(signature));
            assertRefused(send(client, gateway, meterPath(METER), altered), 401, "BAD_SIGNATURE");
            // The nonce alone.
            assertRefused(send(client, gateway, meterPath(METER), Map.of(SignedRequest.NONCE, nonce)), 401,
                    "MISSING_SIGNATURE");

            HttpResponse<String> ok = send(client, gateway, meterPath(METER), real);
            assertEquals(200, ok.statusCode(), "the EMT's own request with its nonce is accepted: " + ok.body());
            assertRefused(send(client, gateway, meterPath(METER), real), 401, "REPLAY");
        }
    }

    @Test
    @DisplayName("finding 12: thousands of distinct unknown meter IDs leave the tracked and pending meter keys at their bounds")
    void unknownMetersCannotGrowWhatTheGatewayTracks() throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: no pseudo-terminal pairs");
        int maxTracked = 3;
        int unknownMeters = 2000;
        List<MeterKey> granted = new ArrayList<>();
        try (ChainTestNetwork chain = ChainTestNetwork.start(); PseudoTerminalPair pair = PseudoTerminalPair.open()) {
            for (int i = 0; i < maxTracked + 2; i++) {
                MeterKey key = MeterKey.fromSeed(KeyAlgorithm.ECDSA_BRAINPOOLP256R1, seed(i));
                granted.add(key);
                chain.grant(SubjectId.parse(grantedId(i)), Role.METER, key.spki());
            }
            chain.mine();
            Path store = dir.resolve("store");
            Files.createDirectories(store);
            ChainVerifier verifier = ChainVerifier.start(chain.settings(dir.resolve("anchor.json"), store),
                    chain.mirrorSettings(), Duration.ofMillis(200));
            try (Gateway gateway = Gateway.start(GatewayConfig.defaults(List.of(pair.hostEnd()), store,
                    TrustMode.CHAIN, -1), verifier, new StoreLimits(maxTracked, 100, 512), RateLimits.DEFAULTS);
                    SerialWriter line = SerialWriter.open(pair.deviceEnd(), SerialSettings.SML_DEFAULT)) {
                waitFor(() -> gateway.lines().get(0).connected());
                GatewayCounters counters = gateway.counters();
                for (int i = 0; i < granted.size(); i++) {
                    line.accept(frame(grantedId(i), 1, granted.get(i)));
                }
                waitFor(() -> counters.acceptedCount() == granted.size());
                assertEquals(maxTracked, gateway.status().trackedMeterKeys(), "least recently seen keys evicted");

                // A stranger with one key of its own claims a new meter ID in every frame.
                MeterKey stranger = MeterKey.fromSeed(KeyAlgorithm.ECDSA_BRAINPOOLP256R1, seed(99));
                for (int i = 0; i < unknownMeters; i++) {
                    line.accept(frame(String.format("1XXX%02d%08d", i / 1000, i % 1000), 1, stranger));
                }
                waitFor(() -> counters.rejectedCount("UNKNOWN") == unknownMeters);
                GatewayStatus status = gateway.status();
                assertEquals(maxTracked, status.trackedMeterKeys(), "unknown meters are never tracked: " + status);
                assertEquals(LmnPipeline.MAX_PENDING_KEYS, status.pendingMeterKeys(), status.toString());
                assertTrue(status.securityLogEntries() <= 100, status.toString());

                // The first meter's key was evicted; its counter was not: a replay is still refused.
                assertTrue(gateway.store().trackedKey(grantedId(0), granted.get(0).keyHash()).isEmpty());
                line.accept(frame(grantedId(0), 1, granted.get(0)));
                waitFor(() -> counters.rejectedCount("REPLAY") == 1);
                line.accept(frame(grantedId(0), 2, granted.get(0)));
                waitFor(() -> counters.acceptedCount() == granted.size() + 1);
            }
        }
    }

    private ChainTestNetwork grantedChain() {
        ChainTestNetwork chain = ChainTestNetwork.start();
        chain.grant(SubjectId.parse(EMT), Role.EMT, emtSpki);
        chain.mine();
        return chain;
    }

    private Gateway startWan(ChainTestNetwork chain, StoreLimits storeLimits, RateLimits rates) throws IOException {
        Path store = dir.resolve("store");
        Files.createDirectories(store);
        Files.writeString(store.resolve(AccessProfile.FILE_NAME), EMT + " = " + METER + "\n");
        ChainVerifier verifier = ChainVerifier.start(chain.settings(dir.resolve("anchor.json"), store),
                chain.mirrorSettings(), Duration.ofMillis(200));
        return Gateway.start(GatewayConfig.defaults(List.of(), store, TrustMode.CHAIN, 0), verifier, storeLimits, rates);
    }

    private static String grantedId(int i) {
        return String.format("1ESY11%08d", i);
    }

    private static byte[] frame(String meterId, long counter, MeterKey key) {
        Reading reading = new Reading(meterId, counter, 1_763_700_000L + counter,
                List.of(new ObisValue(ObisCode.ENERGY_IMPORT_TOTAL, ObisValue.UNIT_WATT_HOUR, -1, counter)));
        return SmlTransport.encode(ReadingCodec.toSml(SignedReading.sign(reading, key.algorithm(), key.keyPair(), true)));
    }

    private static byte[] seed(int i) {
        byte[] seed = new byte[32];
        seed[0] = (byte) i;
        seed[1] = 0x5A;
        return seed;
    }

    private static String meterPath(String meter) {
        return "/wan/v1/meters/" + meter + "/readings";
    }

    private static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static HttpResponse<String> emtGet(HttpClient client, Gateway gateway, KeyPair key, String meter,
            String nonce) throws Exception {
        return send(client, gateway, meterPath(meter), SignedRequest.headers("GET", meterPath(meter), null, new byte[0],
                EMT, KeyAlgorithm.ML_DSA_65, key, System.currentTimeMillis() / 1000, nonce));
    }

    private static HttpResponse<String> send(HttpClient client, Gateway gateway, String path,
            Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.wanUrl() + path)).GET();
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reason) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(reason, JSON.readTree(response.body()).get("error").asText(), response.body());
    }

    /**
     * HTTPS GETs from a chosen local address (127.0.0.2: another source than the EMT's 127.0.0.1) over
     * one kept-alive connection, reopened when the server closes it; returns status codes.
     */
    private static final class StrangerClient implements AutoCloseable {
        private final SSLContext tls;
        private final int port;
        private final InetAddress from;
        private Socket socket;
        private InputStream in;

        StrangerClient(SSLContext tls, int port, InetAddress from) {
            this.tls = tls;
            this.port = port;
            this.from = from;
        }

        int get(String path, Map<String, String> headers) throws IOException {
            if (socket == null || socket.isClosed()) {
                socket = tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port, from, 0);
                in = new BufferedInputStream(socket.getInputStream());
            }
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = line();
            assertTrue(statusLine.startsWith("HTTP/1.1 "), statusLine);
            int length = -1;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            assertTrue(length >= 0, "the gateway sends a Content-Length");
            in.readNBytes(length);
            if (close) {
                close();
            }
            return Integer.parseInt(statusLine.substring(9, 12));
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        Conditions.await(Duration.ofSeconds(120), condition);
    }
}
