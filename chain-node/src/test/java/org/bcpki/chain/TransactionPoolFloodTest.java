package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.node.ChainNode;
import org.bcpki.chain.tx.TransactionPoolOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/** Finding 6: an unfunded stranger's key cannot fill the pools; role accounts still get through. */
class TransactionPoolFloodTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String NOT_AUTHORIZED = "Sender account not authorized to send transactions";

    @TempDir
    Path dir;

    @Test
    @DisplayName("finding 6: a stranger's nonce-gap flood to every node is refused at admission; an authority's transaction is sealed meanwhile")
    void floodIsRefusedAndAuthorityTransactionIsSealed() throws Exception {
        try (TestNetwork net = TestNetwork.create(dir, 4, 0, 500, 2000).startAll()) {
            assertEquals(net.spec.devAccounts().stream().map(a -> a.address()).toList(),
                    NetworkFiles.readPermissions(dir.resolve(NetworkFiles.PERMISSIONS)).accounts(), "init allowlists the role accounts");
            Credentials stranger = Credentials.create(Keys.createEcKeyPair());
            List<String> flood = new ArrayList<>();
            for (int nonce = 1; nonce <= 2_000; nonce++) {
                flood.add(TestAccounts.legacy(stranger, 1337L, nonce, 0, 21_000, stranger.getAddress(), 0, "0x").toHexString());
            }
            Credentials authority = Credentials.create(net.spec.devAccounts().get(0).privateKey().toHexString());
            String revocation = TestAccounts.legacy(authority, 1337L, 0, 0, 100_000, TestAccounts.BOB.getAddress(), 0,
                    TestAccounts.call("revoke", 42)).toHexString();
            String revocationHash = null;
            for (NodeSpec node : net.spec.nodes()) {
                for (int from = 0; from < flood.size(); from += 100) {
                    JsonNode responses = batch(node.rpcUrl(), flood.subList(from, from + 100));
                    for (JsonNode r : responses) {
                        assertEquals(-32007, r.path("error").path("code").asInt(), r::toString);
                        assertEquals(NOT_AUTHORIZED, r.path("error").path("message").asText());
                    }
                    if (revocationHash == null) {
                        JsonNode ok = call(node.rpcUrl(), "eth_sendRawTransaction", "[\"" + revocation + "\"]");
                        assertFalse(ok.has("error"), ok::toString);
                        revocationHash = ok.get("result").asText();
                    }
                }
            }
            for (NodeSpec node : net.spec.nodes()) {
                ChainNode n = net.node(node.name());
                assertEquals(0, n.pool().size(TestAccounts.address(stranger)), node.name() + " holds none of the flood");
            }
            String hash = revocationHash;
            TestNetwork.await("the authority's transaction sealed", Duration.ofSeconds(60), () -> {
                JsonNode receipt = call(net.rpcUrl("validator-2"), "eth_getTransactionReceipt", "[\"" + hash + "\"]");
                return receipt.path("result").isObject();
            });
        }
    }

    @Test
    @DisplayName("finding 6: an allowlisted key cannot queue transactions further ahead than tx-pool-max-future-by-sender")
    void allowlistedKeyIsCappedAhead() throws Exception {
        try (TestNetwork net = TestNetwork.create(dir, 1, 0, 500, 2000).startAll()) {
            Credentials registrar = Credentials.create(net.spec.devAccounts().get(1).privateKey().toHexString());
            int cap = TransactionPoolOptions.DEFAULT.maxFutureBySender();
            List<String> gapped = new ArrayList<>();
            for (int nonce = 1; nonce <= cap + 50; nonce++) {
                gapped.add(TestAccounts.legacy(registrar, 1337L, nonce, 0, 21_000, registrar.getAddress(), 0, "0x").toHexString());
            }
            JsonNode responses = batch(net.rpcUrl("validator-1"), gapped);
            int accepted = 0;
            for (int i = 0; i < responses.size(); i++) {
                JsonNode r = responses.get(i);
                long nonce = i + 1;
                if (nonce < cap) {
                    assertFalse(r.has("error"), r::toString);
                    accepted++;
                } else {
                    assertEquals("Transaction nonce is too distant from current sender nonce", r.path("error").path("message").asText(),
                            r::toString);
                }
            }
            assertEquals(cap - 1, accepted);
            assertEquals(cap - 1, net.node("validator-1").pool().size(TestAccounts.address(registrar)));
            // filling the gap makes the queue run: the legitimate path is intact
            JsonNode gap = call(net.rpcUrl("validator-1"), "eth_sendRawTransaction", "[\""
                    + TestAccounts.legacy(registrar, 1337L, 0, 0, 21_000, registrar.getAddress(), 0, "0x").toHexString() + "\"]");
            assertFalse(gap.has("error"), gap::toString);
            TestNetwork.await("the queued transactions sealed", Duration.ofSeconds(60),
                    () -> net.node("validator-1").pool().size(TestAccounts.address(registrar)) == 0);
        }
    }

    @Test
    @DisplayName("finding 6: a sealed block with a non-allowlisted sender's transaction is rejected on import; perm_addAccountsToAllowlist admits the sender")
    void blockWithStrangerTransactionIsRejectedOnImport() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(1, 1, 1, 1337, 2, new SecureRandom(), TestNetwork::freePort)
                .withBlockPeriodMillis(300).withRequestTimeoutMillis(1500);
        TestNetwork files = TestNetwork.create(dir, spec);
        // the mirror's operator keeps an accounts file of its own (the shared one would reach it on reload)
        Files.copy(dir.resolve(NetworkFiles.PERMISSIONS), dir.resolve("mirror-1").resolve("accounts.toml"));
        files.setOption("mirror-1", "permissions-accounts-config-file", "\"accounts.toml\"");
        try (TestNetwork net = files.startAll()) {
            Credentials stranger = Credentials.create(Keys.createEcKeyPair());
            String raw = TestAccounts.legacy(stranger, 1337L, 0, 0, 21_000, stranger.getAddress(), 0, "0x").toHexString();
            String validator = net.rpcUrl("validator-1");
            JsonNode refused = call(validator, "eth_sendRawTransaction", "[\"" + raw + "\"]");
            assertEquals(NOT_AUTHORIZED, refused.path("error").path("message").asText(), refused::toString);

            // the proposer's operator (alone, with a perm token) is talked into allowing the stranger; the mirror's is not
            JsonNode anonymous = call(validator, "perm_addAccountsToAllowlist", "[[\"" + stranger.getAddress() + "\"]]");
            assertEquals("Unauthorized", anonymous.path("error").path("message").asText(), anonymous::toString);
            String token = org.bcpki.chain.network.RpcTokens.mint(dir, java.util.List.of("perm:*"), Duration.ofMinutes(10));
            JsonNode added = call(validator, token, "perm_addAccountsToAllowlist", "[[\"" + stranger.getAddress() + "\"]]");
            assertEquals("Success", added.path("result").asText(), added::toString);
            JsonNode again = call(validator, token, "perm_addAccountsToAllowlist", "[[\"" + stranger.getAddress() + "\"]]");
            assertEquals("Cannot add an existing account to allowlist", again.path("error").path("message").asText());
            JsonNode list = call(validator, token, "perm_getAccountsAllowlist", "[]");
            assertTrue(list.path("result").toString().contains(stranger.getAddress().toLowerCase()), list::toString);
            assertTrue(Files.readString(dir.resolve(NetworkFiles.PERMISSIONS)).contains(stranger.getAddress().toLowerCase()),
                    "the change persists to permissions_config.toml");

            String hash = call(validator, "eth_sendRawTransaction", "[\"" + raw + "\"]").path("result").asText();
            TestNetwork.await("the stranger's transaction sealed by the proposer", Duration.ofSeconds(60),
                    () -> call(validator, "eth_getTransactionReceipt", "[\"" + hash + "\"]").path("result").isObject());
            long number = Long.decode(call(validator, "eth_getTransactionReceipt", "[\"" + hash + "\"]")
                    .path("result").path("blockNumber").asText());
            Block sealed = net.node("validator-1").chain().store().block(number).orElseThrow();
            ChainNode mirror = net.node("mirror-1");
            TestNetwork.await("the mirror stuck below the block", Duration.ofSeconds(30),
                    () -> mirror.chain().head().number() == number - 1);
            Blockchain.Verification verdict = mirror.chain().verifyContent(sealed, true);
            assertFalse(verdict.ok());
            assertTrue(verdict.problem().contains("allowlist"), verdict.problem());
            assertEquals(Blockchain.ImportResult.INVALID, mirror.chain().importBlock(sealed));
            assertEquals(number - 1, mirror.chain().head().number());
        }
    }

    @Test
    @DisplayName("finding 6: the node takes tx-pool-limit-by-account-percentage, tx-pool-max-future-by-sender and the allowlist switch from its config.toml")
    void besuOptionsInConfigAreHonoured() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(1, 0, 1, 1337, 1, new SecureRandom(), TestNetwork::freePort)
                .withBlockPeriodMillis(300).withRequestTimeoutMillis(1500);
        TestNetwork net = TestNetwork.create(dir, spec);
        Path config = dir.resolve("validator-1").resolve("config.toml");
        String text = Files.readString(config).replace("permissions-accounts-config-file-enabled=true",
                "permissions-accounts-config-file-enabled=false").replace("tx-pool-max-future-by-sender=200", "tx-pool-max-future-by-sender=5");
        Files.writeString(config, text + "tx-pool-limit-by-account-percentage=0.0001\n");
        try (net) {
            net.startAll();
            Credentials stranger = Credentials.create(Keys.createEcKeyPair());
            List<String> gapped = new ArrayList<>();
            for (int nonce = 1; nonce <= 6; nonce++) {
                gapped.add(TestAccounts.legacy(stranger, 1337L, nonce, 0, 21_000, stranger.getAddress(), 0, "0x").toHexString());
            }
            JsonNode responses = batch(net.rpcUrl("validator-1"), gapped);
            assertFalse(responses.get(0).has("error"), "the allowlist is switched off: " + responses.get(0));
            assertFalse(responses.get(1).has("error"), responses.get(1)::toString);
            for (int i = 2; i < 6; i++) {
                assertEquals("Transaction nonce is too distant from current sender nonce",
                        responses.get(i).path("error").path("message").asText(), responses.get(i)::toString);
            }
            assertEquals(2, net.node("validator-1").pool().size(TestAccounts.address(stranger)), "20000 x 0.0001 per sender");
            assertEquals(5, net.node("validator-1").pool().options().maxFutureBySender());
        }
    }

    private static JsonNode batch(String url, List<String> raws) throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < raws.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i)
                    .append(",\"method\":\"eth_sendRawTransaction\",\"params\":[\"").append(raws.get(i)).append("\"]}");
        }
        JsonNode responses = post(url, body.append("]").toString());
        JsonNode[] byId = new JsonNode[raws.size()];
        responses.forEach(r -> byId[r.get("id").asInt()] = r);
        return JSON.valueToTree(byId);
    }

    private static JsonNode call(String url, String method, String params) {
        return call(url, null, method, params);
    }

    /** A JSON-RPC call, with the operator's JWT when {@code token} is not null (admin namespaces need one). */
    private static JsonNode call(String url, String token, String method, String params) {
        try {
            return post(url, token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode post(String url, String body) throws Exception {
        return post(url, null, body);
    }

    private static JsonNode post(String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return JSON.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
