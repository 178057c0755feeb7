package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.RpcTokens;
import org.bcpki.chain.node.ChainNode;
import org.bcpki.core.chain.Address;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Besu's RPC authentication on a running network: administrative methods answer only to a token
 * signed by the network's key that carries their permission; mirrors serve read-only ETH, NET, WEB3.
 */
class RpcAuthenticationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> VALIDATORS = List.of("validator-1", "validator-2");

    @TempDir
    static Path dir;
    static TestNetwork net;

    @BeforeAll
    static void start() {
        NetworkSpec spec = NetworkSpec.generate(2, 1, 1, 1337, 1, new SecureRandom(), TestNetwork::freePort)
                .withBlockPeriodMillis(200).withRequestTimeoutMillis(1000);
        net = TestNetwork.create(dir, spec).startAll();
        TestNetwork.await("2 blocks everywhere", Duration.ofSeconds(30), () -> net.height("validator-1") >= 2 && net.height("mirror-1") >= 2);
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    record Answer(int status, JsonNode body) {}

    static Answer call(String node, String token, String method, String params) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(net.rpcUrl(node))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    static void assertRefused(int code, String message, Answer answer) {
        assertTrue(answer.body().has("error"), () -> "expected " + message + ", got " + answer.body());
        assertEquals(code, answer.body().get("error").get("code").asInt(), answer.body()::toString);
        assertEquals(message, answer.body().get("error").get("message").asText(), answer.body()::toString);
    }

    static JsonNode result(Answer answer) {
        assertFalse(answer.body().has("error"), answer.body()::toString);
        assertEquals(200, answer.status());
        return answer.body().get("result");
    }

    static String randomAddress() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return new Address(org.apache.tuweni.bytes.Bytes.wrap(bytes)).toHex();
    }

    @Test
    @DisplayName("finding 5: unauthenticated validator votes on every validator are refused and the chain goes on")
    void unauthenticatedVotesRefused() throws Exception {
        long before = net.height("validator-1");
        List<Address> validatorsBefore = net.node("validator-1").chain().validatorsFor(before + 1);
        for (String validator : VALIDATORS) {
            for (int i = 0; i < 3; i++) {
                Answer vote = call(validator, null, "qbft_proposeValidatorVote", "[\"" + randomAddress() + "\", true]");
                assertRefused(-40100, "Unauthorized", vote);
                assertEquals(401, vote.status(), "Besu answers a refused single call with HTTP 401");
            }
            assertRefused(-40100, "Unauthorized", call(validator, null, "qbft_discardValidatorVote", "[\"" + randomAddress() + "\"]"));
            assertRefused(-40100, "Unauthorized", call(validator, null, "qbft_getPendingVotes", "[]"));
            assertRefused(-40100, "Unauthorized", call(validator, null, "debug_getRawHeader", "[\"0x1\"]"));
            assertTrue(net.node(validator).proposals().isEmpty(), "no vote reached " + validator);
        }
        TestNetwork.await("blocks after the attack", Duration.ofSeconds(30), () -> net.height("validator-1") >= before + 5);
        long after = net.height("validator-1");
        assertEquals(validatorsBefore, net.node("validator-1").chain().validatorsFor(after + 1), "the validator set is unchanged");
    }

    @Test
    @DisplayName("finding 5: a vote with a token carrying qbft:* works; wrong permissions, expired, foreign-key and unsigned tokens are refused")
    void tokens() throws Exception {
        String candidate = randomAddress();
        String propose = "[\"" + candidate + "\", true]";
        assertFalse(org.bcpki.core.io.PrivateFiles.isExposed(dir.resolve(RpcTokens.PRIVATE_KEY)), "the token key is 0600");
        var networkKey = RpcTokens.readPrivateKey(dir);
        Instant inAnHour = Instant.now().plusSeconds(3600);

        assertRefused(-40100, "Unauthorized", call("validator-1", RpcTokens.mint(networkKey, List.of("eth:*", "net:*", "qbft:getPendingVotes"), inAnHour),
                "qbft_proposeValidatorVote", propose));
        assertRefused(-40100, "Unauthorized", call("validator-1", RpcTokens.mint(networkKey, List.of("qbft:*"), Instant.now().minusSeconds(60)),
                "qbft_proposeValidatorVote", propose));
        String foreign = RpcTokens.mint(RpcTokens.generateKeyPair().getPrivate(), List.of("*:*"), inAnHour);
        assertRefused(-40100, "Unauthorized", call("validator-1", foreign, "qbft_proposeValidatorVote", propose));
        String unsigned = base64Url("{\"alg\":\"none\"}") + "." + base64Url("{\"permissions\":[\"*:*\"],\"exp\":"
                + inAnHour.getEpochSecond() + "}") + ".";
        assertRefused(-40100, "Unauthorized", call("validator-1", unsigned, "qbft_proposeValidatorVote", propose));
        assertRefused(-40100, "Unauthorized", call("validator-1", "not.a.jwt", "qbft_proposeValidatorVote", propose));
        assertTrue(net.node("validator-1").proposals().isEmpty());

        // the operator's token; one vote of two validators cannot change the set even if a block carries it
        String operator = RpcTokens.mint(networkKey, List.of("qbft:*"), inAnHour);
        assertEquals(true, result(call("validator-1", operator, "qbft_proposeValidatorVote", propose)).asBoolean());
        assertEquals(true, result(call("validator-1", operator, "qbft_getPendingVotes", "[]")).get(candidate).asBoolean());
        assertEquals(true, result(call("validator-1", operator, "qbft_discardValidatorVote", "[\"" + candidate + "\"]")).asBoolean());
        assertEquals(0, result(call("validator-1", operator, "qbft_getPendingVotes", "[]")).size());
        // a token naming one method permits that method only
        String oneMethod = RpcTokens.mint(networkKey, List.of("debug:getRawHeader"), inAnHour);
        assertTrue(result(call("validator-1", oneMethod, "debug_getRawHeader", "[\"0x1\"]")).asText().startsWith("0xf9"));
        assertRefused(-40100, "Unauthorized", call("validator-1", oneMethod, "debug_getRawBlock", "[\"0x1\"]"));
    }

    @Test
    @DisplayName("finding 5: mirrors refuse admin and write methods, even with a token; eth/net/web3 reads work without one")
    void mirrorsReadOnly() throws Exception {
        String admin = net.adminToken();
        assertRefused(-32604, "Method not enabled", call("mirror-1", admin, "qbft_proposeValidatorVote", "[\"" + randomAddress() + "\", true]"));
        assertRefused(-32604, "Method not enabled", call("mirror-1", admin, "debug_getRawHeader", "[\"0x1\"]"));
        assertRefused(-32604, "Method not enabled", call("mirror-1", null, "qbft_getValidatorsByBlockNumber", "[\"latest\"]"));
        // a write: any signed transaction bytes; refused before they are even decoded
        assertRefused(-40100, "Unauthorized", call("mirror-1", null, "eth_sendRawTransaction", "[\"0x02f86b\"]"));
        for (String node : List.of("mirror-1", "validator-1", "validator-2")) {
            assertEquals("0x539", result(call(node, null, "eth_chainId", "[]")).asText());
            assertTrue(result(call(node, null, "eth_blockNumber", "[]")).asText().startsWith("0x"));
            assertEquals("1337", result(call(node, null, "net_version", "[]")).asText());
            assertTrue(result(call(node, null, "web3_clientVersion", "[]")).asText().startsWith("bcpki-embedded/"));
            assertTrue(result(call(node, null, "eth_getBlockByNumber", "[\"0x1\", false]")).has("extraData"));
        }
        // validators take transactions and answer validator-set queries without a token
        assertRefused(-32602, "Invalid params", call("validator-1", null, "eth_sendRawTransaction", "[\"0x02f86b\"]"));
        assertEquals(2, result(call("validator-1", null, "qbft_getValidatorsByBlockNumber", "[\"latest\"]")).size());
    }

    @Test
    @DisplayName("finding 5: a Host header outside host-allowlist is refused with Besu's 403")
    void hostAllowlist() throws Exception {
        ChainNode node = net.node("validator-1");
        assertHostRefused(rawPost(node.rpcPort(), "evil.example"));
        assertTrue(rawPost(node.rpcPort(), "127.0.0.1:" + node.rpcPort()).startsWith("HTTP/1.1 200"));
        // the WebSocket upgrade is refused the same way, before any session exists
        assertHostRefused(rawRequest(node.rpcPort(), "GET / HTTP/1.1\r\nHost: evil.example\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
    }

    /**
     * Besu's refusal: 403, {"message":"Host not authorized."} as application/json; charset=utf-8 (Jetty
     * writes the same media type without the optional space).
     */
    private static void assertHostRefused(String response) {
        assertTrue(response.startsWith("HTTP/1.1 403"), response);
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT).replace("; ", ";");
        assertTrue((head + "\r\n").contains("\r\ncontent-type: application/json;charset=utf-8\r\n"), response);
        assertFalse(head.contains("set-cookie"), response);
        assertEquals("{\"message\":\"Host not authorized.\"}", response.substring(response.indexOf("\r\n\r\n") + 4), response);
    }

    @Test
    @DisplayName("finding 5: over WebSocket the token of the upgrade request decides, as over HTTP")
    void webSocket() throws Exception {
        String vote = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"qbft_getPendingVotes\",\"params\":[]}";
        assertEquals(-40100, wsCall(null, vote).get("error").get("code").asInt());
        assertTrue(wsCall(net.adminToken(), vote).get("result").isObject());
        String blockNumber = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_blockNumber\",\"params\":[]}";
        assertTrue(wsCall(null, blockNumber).get("result").asText().startsWith("0x"));
    }

    @Test
    @DisplayName("finding 5: a WebSocket session's token is checked on every frame: once expired, admin calls are refused")
    void webSocketTokenExpires() throws Exception {
        Instant expiry = Instant.now().plusSeconds(3);
        String shortLived = RpcTokens.mint(RpcTokens.readPrivateKey(dir), List.of("qbft:*"), expiry);
        java.util.concurrent.BlockingQueue<String> replies = new java.util.concurrent.LinkedBlockingQueue<>();
        WebSocket ws = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + shortLived)
                .buildAsync(URI.create(net.spec.node("validator-1").orElseThrow().wsUrl()), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            replies.add(text.toString());
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        try {
            String votes = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"qbft_getPendingVotes\",\"params\":[]}";
            ws.sendText(votes, true).get(30, TimeUnit.SECONDS);
            assertTrue(JSON.readTree(replies.poll(30, TimeUnit.SECONDS)).get("result").isObject(), "valid token");
            // JWT expiry has second precision: wait until the clock is safely past it
            TestNetwork.await("the token's expiry", Duration.ofSeconds(30), () -> Instant.now().isAfter(expiry.plusSeconds(1)));
            ws.sendText(votes, true).get(30, TimeUnit.SECONDS);
            assertEquals(-40100, JSON.readTree(replies.poll(30, TimeUnit.SECONDS)).get("error").get("code").asInt(), "expired token");
        } finally {
            ws.abort();
        }
    }

    private static JsonNode wsCall(String token, String message) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        WebSocket ws = builder.buildAsync(URI.create(net.spec.node("validator-1").orElseThrow().wsUrl()), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    reply.complete(text.toString());
                }
                socket.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        try {
            ws.sendText(message, true).get(30, TimeUnit.SECONDS);
            return JSON.readTree(reply.get(30, TimeUnit.SECONDS));
        } finally {
            ws.abort();
        }
    }

    /** java.net.http will not send a forged Host header: speak HTTP/1.1 by hand. */
    private static String rawPost(int port, String host) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}";
        return rawRequest(port, "POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    }

    /**
     * One request written as is (java.net.http will not send a chosen Host header); the response's head
     * and its Content-Length body (the connection may stay open).
     */
    private static String rawRequest(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return head.toString();
                }
                head.append((char) b);
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(head);
            byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : in.readAllBytes();
            return head + new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
