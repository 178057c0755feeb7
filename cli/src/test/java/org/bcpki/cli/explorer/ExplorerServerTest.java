package org.bcpki.cli.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explorer's pages over plain HTTP: what they show, how they escape, and every bad input. */
class ExplorerServerTest {
    private static final String GRANTED = "1ESY1160000071";
    private static final String REVOKED = "1ESY1160000072";
    private static final String PENDING = "1ESY1160000073";
    private static final String HOSTILE_REASON = "<script>alert('x')</script> & \"stolen\"";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static ExplorerChain chain;
    private static HttpServer fakeGateway;
    private static ExplorerServer explorer;

    @BeforeAll
    static void start() throws Exception {
        chain = ExplorerChain.start(dir);
        chain.grant(GRANTED);
        chain.grant(REVOKED);
        chain.revoke(REVOKED, HOSTILE_REASON);
        chain.request(PENDING);
        chain.proposeRegistrar("0x00000000000000000000000000000000000000aa");
        // a gateway status endpoint whose fields carry markup: it must reach the page escaped
        fakeGateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fakeGateway.createContext("/status", exchange -> {
            byte[] body = "{\"trust\":\"chain\",\"accepted\":7,\"rejected\":{\"REVOKED\":2},\"verifier\":\"<b>bold</b>\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fakeGateway.start();
        explorer = ExplorerServer.start(URI.create(chain.rpcUrl()), chain.registry,
                Optional.of(URI.create("http://127.0.0.1:" + fakeGateway.getAddress().getPort() + "/status")),
                Optional.empty(), 0);
    }

    @AfterAll
    static void stop() {
        if (explorer != null) {
            explorer.close();
        }
        if (fakeGateway != null) {
            fakeGateway.stop(0);
        }
        if (chain != null) {
            chain.close();
        }
    }

    private static HttpResponse<String> get(ExplorerServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url()).resolve(path)).timeout(Duration.ofSeconds(20))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The overview once the explorer has read past every transaction of the setup. */
    private static String overview(Predicate<String> ready) throws Exception {
        AtomicReference<String> body = new AtomicReference<>("");
        try {
            EmbeddedChain.await("the overview to show what was expected", Duration.ofSeconds(30), () -> {
                HttpResponse<String> page;
                try {
                    page = get(explorer, "/");
                } catch (Exception e) {
                    throw new AssertionError("cannot load the overview", e);
                }
                assertEquals(200, page.statusCode(), page.body());
                body.set(page.body());
                return ready.test(page.body());
            });
        } catch (AssertionError e) {
            throw new AssertionError("the overview never showed what was expected:\n" + body.get(), e);
        }
        return body.get();
    }

    @Test
    void overviewShowsBlocksValidatorsRegistryRequestsProposalsAndGateway() throws Exception {
        String revoked = SubjectId.parse(REVOKED).toHex();
        String page = overview(p -> p.contains("data-subject=\"" + revoked + "\" data-status=\"REVOKED\"")
                && p.contains("data-proposal=\"1\""));
        assertTrue(page.contains("id=\"blocks-table\""), page);
        assertTrue(page.matches("(?s).*<tr data-block=\"\\d+\">.*"), page);
        assertTrue(page.contains("qbft_getValidatorsByBlockNumber"), page);
        assertTrue(page.contains(chain.chain.spec.nodes().get(0).key().address().toHex()), "the validator is listed");
        String granted = SubjectId.parse(GRANTED).toHex();
        assertTrue(page.contains("data-subject=\"" + granted + "\" data-status=\"ACTIVE\""), page);
        assertTrue(page.contains("PTB, BSI") || page.contains("BSI, PTB"), "approvals by name: " + page);
        assertTrue(page.contains("data-request=\""), "the pending request is listed");
        assertTrue(page.contains(SubjectId.parse(PENDING).toHex().substring(0, 10)), page);
        assertTrue(page.contains("ADD_REGISTRAR"), page);
        assertTrue(page.contains("data-event=\"GrantRevoked\""), page);
        // chain and gateway data are escaped, never markup
        assertFalse(page.contains("<script>alert"), page);
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;stolen&quot;"), page);
        assertFalse(page.contains("<b>bold</b>"), page);
        assertTrue(page.contains("&lt;b&gt;bold&lt;/b&gt;"), page);
        assertTrue(page.contains("data-field=\"accepted\""), page);
    }

    @Test
    void pagesSendAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = get(explorer, "/");
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        HttpResponse<String> script = get(explorer, "/explorer.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("/api/live"));
    }

    @Test
    void liveEndpointReportsTheHeadAndTheGateway() throws Exception {
        HttpResponse<String> live = get(explorer, "/api/live");
        assertEquals(200, live.statusCode(), live.body());
        JsonNode json = new ObjectMapper().readTree(live.body());
        assertTrue(json.get("head").asLong() >= 2, live.body());
        assertTrue(json.get("error").isNull(), live.body());
        assertEquals(7, json.path("gateway").path("accepted").asInt(), live.body());
        assertFalse(json.get("version").asText().isEmpty());
    }

    @Test
    void subjectPageShowsTheRecordAndItsHistory() throws Exception {
        overview(p -> p.contains("data-event=\"GrantRevoked\""));
        HttpResponse<String> page = get(explorer, "/subject?id=" + REVOKED);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("data-status=\"REVOKED\""), page.body());
        assertTrue(page.body().contains("data-event=\"GrantRequested\""), page.body());
        assertTrue(page.body().contains("data-event=\"GrantApproved\""), page.body());
        assertTrue(page.body().contains("data-event=\"GrantRevoked\""), page.body());
        HttpResponse<String> byHex = get(explorer, "/subject?id=" + SubjectId.parse(GRANTED).toHex());
        assertEquals(200, byHex.statusCode(), byHex.body());
        assertTrue(byHex.body().contains("data-status=\"ACTIVE\""), byHex.body());
    }

    @Test
    void blockPageShowsProposerRoundSealsAndCommitters() throws Exception {
        HttpResponse<String> page = get(explorer, "/block?number=1");
        assertEquals(200, page.statusCode(), page.body());
        String validator = chain.chain.spec.nodes().get(0).key().address().toHex();
        assertTrue(page.body().contains("id=\"committers\"><li><code>" + validator), page.body());
        assertTrue(page.body().contains("<td>round</td><td>0</td>"), page.body());
    }

    @Test
    void badInputGetsAClearPageAndTheServerKeepsRunning() throws Exception {
        assertPage(get(explorer, "/subject"), 400, "parameter &#39;id&#39; is required");
        assertPage(get(explorer, "/subject?id=not%20a%20meter!"), 400, "id: ");
        assertPage(get(explorer, "/subject?id=0x1234"), 400, "a subject id is 64 hex digits");
        assertPage(get(explorer, "/subject?id=1ESY1160009999"), 404, "no grant on chain for 1ESY1160009999");
        assertPage(get(explorer, "/subject?id=" + GRANTED + "&id=" + REVOKED), 400, "given more than once");
        assertPage(get(explorer, "/subject?id=" + GRANTED + "&x=1"), 400, "unknown parameter &#39;x&#39;");
        assertPage(get(explorer, "/block?number=abc"), 400, "&#39;abc&#39; is not a block number");
        assertPage(get(explorer, "/block?number=-3"), 400, "a block number is 0 or more");
        assertPage(get(explorer, "/block?number=99999999999"), 404, "the node has no block 99999999999");
        assertPage(get(explorer, "/?%3Cscript%3E=1"), 400, "unknown parameter &#39;&lt;script&gt;&#39;");
        assertPage(get(explorer, "/no/such/page"), 404, "no page at /no/such/page");
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(explorer.url()))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertPage(post, 405, "the explorer is read-only");
        assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
        assertTrue(rawGet("/", "evil.example").startsWith("HTTP/1.1 403"), "a foreign Host name is refused");
        assertEquals(200, get(explorer, "/").statusCode(), "still serving");
    }

    @Test
    void anUnreachableNodeIsShownOnThePageAndTheServerKeepsRunning() throws Exception {
        int closed = FreePorts.next();
        int closedGateway = FreePorts.next();
        try (ExplorerServer down = ExplorerServer.start(URI.create("http://127.0.0.1:" + closed), chain.registry,
                Optional.of(URI.create("http://127.0.0.1:" + closedGateway + "/status")), Optional.empty(), 0)) {
            HttpResponse<String> page = get(down, "/");
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("cannot read the chain from http://127.0.0.1:" + closed), page.body());
            assertTrue(page.body().contains("the gateway at http://127.0.0.1:" + closedGateway + "/status is not reachable"),
                    page.body());
            assertPage(get(down, "/subject?id=" + GRANTED), 502, "cannot read the chain from http://127.0.0.1:" + closed);
            assertPage(get(down, "/block?number=1"), 502, "cannot read the chain");
            JsonNode live = new ObjectMapper().readTree(get(down, "/api/live").body());
            assertTrue(live.get("error").asText().contains("cannot read the chain"), live.toString());
            assertEquals(200, get(down, "/").statusCode(), "still serving after the failures");
        }
    }

    private static void assertPage(HttpResponse<String> page, int status, String text) {
        assertEquals(status, page.statusCode(), page.body());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
        assertTrue(page.body().contains(text), "expected '" + text + "' in:\n" + page.body());
        assertFalse(page.body().contains("\tat "), "no stack trace");
    }

    /** java.net.http will not send another Host header; a socket will. */
    private static String rawGet(String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", explorer.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
