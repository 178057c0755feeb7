package org.bcpki.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.bcpki.chain.TestNetwork;
import org.bcpki.chain.network.RpcClient;
import org.bcpki.chain.node.NodeServices.SyncStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Besu's /liveness and /readiness: over HTTP on nodes with RPC authentication on, and the readiness rule itself. */
class HealthEndpointsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path dir;
    static TestNetwork net;

    @BeforeAll
    static void start() {
        // two validators and a mirror: the generated configs turn RPC authentication on
        net = TestNetwork.create(dir, 2, 1, 200, 1000).startAll();
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    @Test
    void livenessIsUpWithoutAToken() throws Exception {
        HttpResponse<String> r = get("mirror-1", "/liveness");
        assertEquals(200, r.statusCode());
        assertEquals("{\n  \"status\" : \"UP\"\n}", r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow().split(";")[0]);
    }

    @Test
    void readinessNeedsPeersWithBesusDefaultOfOne() throws Exception {
        TestNetwork.await("peers", Duration.ofSeconds(30), () -> net.node("validator-1").peerCount() >= 1);
        HttpResponse<String> ready = get("validator-1", "/readiness");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("{\n  \"status\" : \"UP\"\n}", ready.body());
        int peers = net.node("validator-1").peerCount();
        HttpResponse<String> tooFew = get("validator-1", "/readiness?minPeers=" + (peers + 5));
        assertEquals(503, tooFew.statusCode());
        assertEquals("{\n  \"status\" : \"DOWN\"\n}", tooFew.body());
        assertEquals(200, get("validator-1", "/readiness?minPeers=0&maxBlocksBehind=0").statusCode());
        // not a number: Besu reports not ready
        assertEquals(503, get("validator-1", "/readiness?minPeers=two").statusCode());
        // the node stays up and JSON-RPC still needs its token rules
        try (RpcClient rpc = new RpcClient(net.rpcUrl("validator-1"))) {
            assertTrue(RpcClient.quantity(rpc.call("eth_blockNumber")) >= 0);
        }
    }

    @Test
    void aSingleNodeWithoutPeersIsLiveButNotReady(@TempDir Path other) throws Exception {
        TestNetwork alone = TestNetwork.create(other, 1, 0, 200, 1000).startAll();
        try {
            String url = alone.rpcUrl("validator-1");
            assertEquals(200, get(url, "/liveness").statusCode());
            assertEquals(503, get(url, "/readiness").statusCode());
            assertEquals(200, get(url, "/readiness?minPeers=0").statusCode());
        } finally {
            alone.close();
        }
    }

    @Test
    void onlyGetAndTheHostAllowlistStillApplies() throws Exception {
        String url = net.rpcUrl("mirror-1");
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/liveness"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, post.statusCode());
        int port = URI.create(url).getPort();
        assertTrue(rawGet(port, "/liveness", "evil.example").startsWith("HTTP/1.1 403"));
        assertTrue(rawGet(port, "/liveness", "localhost").startsWith("HTTP/1.1 200"));
    }

    @Test
    void readinessRule() {
        Optional<SyncStatus> inSync = Optional.empty();
        Optional<SyncStatus> threeBehind = Optional.of(new SyncStatus(0, 10, 13));
        Optional<SyncStatus> twoBehind = Optional.of(new SyncStatus(0, 11, 13));
        assertTrue(HealthEndpoints.ready(1, inSync, Map.<String, String>of()::get));
        assertFalse(HealthEndpoints.ready(0, inSync, Map.<String, String>of()::get));
        assertTrue(HealthEndpoints.ready(0, inSync, Map.of("minPeers", "0")::get));
        assertFalse(HealthEndpoints.ready(3, inSync, Map.of("minPeers", "4")::get));
        assertFalse(HealthEndpoints.ready(3, inSync, Map.of("minPeers", "x")::get));
        assertTrue(HealthEndpoints.ready(1, twoBehind, Map.<String, String>of()::get), "2 behind is Besu's default limit");
        assertFalse(HealthEndpoints.ready(1, threeBehind, Map.<String, String>of()::get));
        assertTrue(HealthEndpoints.ready(1, threeBehind, Map.of("maxBlocksBehind", "3")::get));
        assertFalse(HealthEndpoints.ready(1, threeBehind, Map.of("maxBlocksBehind", "three")::get));
        // maxBlocksBehind is read only while syncing, as Besu does
        assertTrue(HealthEndpoints.ready(1, inSync, Map.of("maxBlocksBehind", "three")::get));
    }

    private static HttpResponse<String> get(String nodeOrUrl, String path) throws IOException, InterruptedException {
        String base = nodeOrUrl.startsWith("http") ? nodeOrUrl : net.rpcUrl(nodeOrUrl);
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with a chosen Host header (java.net.http refuses to set it). */
    private static String rawGet(int port, String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
