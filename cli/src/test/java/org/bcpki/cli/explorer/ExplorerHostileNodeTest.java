package org.bcpki.cli.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.bcpki.core.chain.Address;
import org.junit.jupiter.api.Test;

/** A node that answers with garbage: the page says so, escaped, and the server keeps serving. */
class ExplorerHostileNodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private volatile String head = "0x1";

    @Test
    void malformedBlocksAndHeadsAreShownNotServed() throws Exception {
        HttpServer node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String result = switch (request.path("method").asText()) {
                case "eth_blockNumber" -> "\"" + head + "\"";
                case "eth_getBlockByNumber" -> "{\"number\":\"0x1\",\"hash\":\"<img src=x onerror=alert(1)>\","
                        + "\"extraData\":\"0x<script>\",\"transactions\":[]}";
                case "eth_getLogs" -> "[]";
                default -> null;
            };
            String body = result == null
                    ? "{\"jsonrpc\":\"2.0\",\"id\":" + request.path("id") + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}"
                    : "{\"jsonrpc\":\"2.0\",\"id\":" + request.path("id") + ",\"result\":" + result + "}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        node.start();
        String url = "http://127.0.0.1:" + node.getAddress().getPort();
        try (ExplorerServer explorer = ExplorerServer.start(URI.create(url), Address.fromHex("0x" + "ab".repeat(20)),
                Optional.empty(), Optional.empty(), 0)) {
            String page = get(explorer, "/").body();
            assertTrue(page.contains("malformed block from the node"), page);
            assertTrue(page.contains("extraData"), page);
            assertFalse(page.contains("<img src=x"), page);
            assertFalse(page.contains("<script>"), page.replace("<script src=\"/explorer.js\"></script>", ""));
            assertTrue(page.contains("from extraData of block 1 (the node does not serve qbft_*"), page);

            HttpResponse<String> block = get(explorer, "/block?number=1");
            assertEquals(200, block.statusCode());
            assertTrue(block.body().contains("malformed block from the node"), block.body());

            head = "0x" + "f".repeat(40); // not a block number a chain could reach
            page = get(explorer, "/").body();
            assertTrue(page.contains("cannot read the chain from " + url), page);
            assertTrue(page.contains("showing what was read up to block 1"), page);

            head = "0x2";
            page = get(explorer, "/").body();
            assertFalse(page.contains("cannot read the chain"), "recovered: " + page);
            assertTrue(page.contains("<span id=\"head\">2</span>"), page);
        } finally {
            node.stop(0);
        }
    }

    private static HttpResponse<String> get(ExplorerServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()).resolve(path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
