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
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.Toml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Besu's PERM methods over JSON-RPC: nodes and accounts allowlists, the peer layer, the file and its reload. */
class PermissionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String STRANGER_ENODE = "enode://" + "ab".repeat(64) + "@127.0.0.1:30399";
    private static final String STRANGER_ACCOUNT = "0x" + "cd".repeat(20);

    @TempDir
    Path dir;

    private static NetworkSpec spec(int mirrors) {
        return NetworkSpec.generate(1, mirrors, 1, 1337, 1, new SecureRandom(), TestNetwork::freePort)
                .withBlockPeriodMillis(200).withRequestTimeoutMillis(1000);
    }

    @Test
    void nodesAllowlistAnswersAsBesuAndChangesTheFile() throws Exception {
        NetworkSpec spec = spec(1);
        try (TestNetwork net = TestNetwork.create(dir, spec).startAll()) {
            Rpc rpc = new Rpc(net.rpcUrl("validator-1"), net.adminToken());
            List<String> enodes = spec.nodes().stream().map(n -> n.enode().toString()).toList();
            assertEquals(enodes, strings(rpc.result("perm_getNodesAllowlist", "[]")));

            rpc.error("perm_addNodesToAllowlist", "[\"" + STRANGER_ENODE + "\"]", -32602, "Invalid enode params");
            rpc.error("perm_addNodesToAllowlist", "[]", -32602, "Invalid enode params");
            rpc.error("perm_addNodesToAllowlist", "[[]]", -32000, "Request contains an empty list of nodes");
            rpc.error("perm_addNodesToAllowlist", "[[\"enode://1234@127.0.0.1:1\"]]", -32000, "Request contains an invalid node");
            rpc.error("perm_addNodesToAllowlist", "[[\"" + STRANGER_ENODE + "\",\"" + STRANGER_ENODE + "\"]]", -32000,
                    "Request contains duplicate nodes");
            rpc.error("perm_addNodesToAllowlist", "[[\"" + enodes.get(1) + "\"]]", -32000, "Cannot add an existing node to allowlist");
            rpc.error("perm_removeNodesFromAllowlist", "[[\"" + STRANGER_ENODE + "\"]]", -32000,
                    "Cannot remove an absent node from allowlist");
            rpc.error("perm_removeNodesFromAllowlist", "[[]]", -32000, "Request contains an empty list of nodes");
            rpc.error("perm_removeNodesFromAllowlist", "[[\"enode://nope\"]]", -32000, "Request contains an invalid node");
            assertTrue(rpc.result("eth_blockNumber", "[]").asText().startsWith("0x"), "the node is still up");
            assertEquals(enodes, strings(rpc.result("perm_getNodesAllowlist", "[]")), "nothing changed");

            assertEquals("Success", rpc.result("perm_addNodesToAllowlist", "[[\"" + STRANGER_ENODE + "\"]]").asText());
            List<String> grown = new ArrayList<>(enodes);
            grown.add(STRANGER_ENODE);
            assertEquals(grown, strings(rpc.result("perm_getNodesAllowlist", "[]")));
            assertEquals(grown, fileNodes());
            assertEquals("Success", rpc.result("perm_removeNodesFromAllowlist", "[[\"" + STRANGER_ENODE + "\"]]").asText());
            assertEquals(enodes, fileNodes());

            // the accounts list keeps Besu's errors too
            rpc.error("perm_addAccountsToAllowlist", "[\"0x01\"]", -32602, "Invalid account params");
            rpc.error("perm_addAccountsToAllowlist", "[[]]", -32000, "Request contains an empty list of accounts");
            rpc.error("perm_addAccountsToAllowlist", "[[\"0x1234\"]]", -32000, "Request contains an invalid account");
            rpc.error("perm_addAccountsToAllowlist", "[[\"" + STRANGER_ACCOUNT + "\",\"" + STRANGER_ACCOUNT + "\"]]", -32000,
                    "Request contains duplicate accounts");
            rpc.error("perm_removeAccountsFromAllowlist", "[[\"" + STRANGER_ACCOUNT + "\"]]", -32000,
                    "Cannot remove an absent account from allowlist");
            // unauthenticated callers get nothing
            JsonNode anonymous = new Rpc(net.rpcUrl("validator-1"), null).call("perm_getNodesAllowlist", "[]");
            assertEquals("Unauthorized", anonymous.path("error").path("message").asText(), anonymous::toString);
        }
    }

    @Test
    void removingANodeShutsItOutOfThePeerLayerAndAddingItLetsItBackIn() throws Exception {
        NetworkSpec spec = spec(1);
        try (TestNetwork net = TestNetwork.create(dir, spec).startAll()) {
            Rpc rpc = new Rpc(net.rpcUrl("validator-1"), net.adminToken());
            String mirror = spec.node("mirror-1").orElseThrow().enode().toString();
            TestNetwork.await("the mirror following", Duration.ofSeconds(60), () -> net.height("mirror-1") >= 3);

            assertEquals("Success", rpc.result("perm_removeNodesFromAllowlist", "[[\"" + mirror + "\"]]").asText());
            long cut = net.height("mirror-1");
            long target = net.height("validator-1") + 15;
            TestNetwork.await("15 more blocks on the validator", Duration.ofSeconds(60), () -> net.height("validator-1") >= target);
            // at most a block already on its way when the list changed
            assertTrue(net.height("mirror-1") <= cut + 1, "the mirror kept syncing: " + net.height("mirror-1") + " after " + cut);

            assertEquals("Success", rpc.result("perm_addNodesToAllowlist", "[[\"" + mirror + "\"]]").asText());
            long head = net.height("validator-1");
            TestNetwork.await("the mirror catching up", Duration.ofSeconds(60), () -> net.height("mirror-1") >= head);
        }
    }

    @Test
    void permissionsFileEditedOnDiskTakesEffectAndABadOneIsRefused() throws Exception {
        NetworkSpec spec = spec(0);
        try (TestNetwork net = TestNetwork.create(dir, spec).startAll()) {
            Rpc rpc = new Rpc(net.rpcUrl("validator-1"), net.adminToken());
            Path file = dir.resolve(NetworkFiles.PERMISSIONS);
            String original = Files.readString(file);
            List<String> accounts = strings(rpc.result("perm_getAccountsAllowlist", "[]"));
            List<String> nodes = strings(rpc.result("perm_getNodesAllowlist", "[]"));

            List<String> moreAccounts = new ArrayList<>(accounts);
            moreAccounts.add(STRANGER_ACCOUNT);
            List<String> moreNodes = new ArrayList<>(nodes);
            moreNodes.add(STRANGER_ENODE);
            Files.writeString(file, "nodes-allowlist=" + Toml.array(moreNodes) + "\naccounts-allowlist=" + Toml.array(moreAccounts) + "\n");
            TestNetwork.await("the edited file in effect", Duration.ofSeconds(30),
                    () -> strings(rpc.result("perm_getAccountsAllowlist", "[]")).contains(STRANGER_ACCOUNT)
                            && strings(rpc.result("perm_getNodesAllowlist", "[]")).contains(STRANGER_ENODE));

            Files.writeString(file, "nodes-allowlist=[\"enode://not-an-enode\"]\naccounts-allowlist=[]\n");
            rpc.error("perm_reloadPermissionsFromFile", "[]", -32000, "Error reloading permissions file. Please use"
                    + " perm_getAccountsAllowlist and perm_getNodesAllowlist to review the current state of the allowlists");
            assertTrue(strings(rpc.result("perm_getAccountsAllowlist", "[]")).contains(STRANGER_ACCOUNT), "the old lists stay");
            assertEquals(moreNodes, strings(rpc.result("perm_getNodesAllowlist", "[]")));

            Files.writeString(file, original);
            assertEquals("Success", rpc.result("perm_reloadPermissionsFromFile", "[]").asText());
            assertEquals(accounts, strings(rpc.result("perm_getAccountsAllowlist", "[]")));
            assertEquals(nodes, strings(rpc.result("perm_getNodesAllowlist", "[]")));
        }
    }

    @Test
    void disabledAllowlistsAnswerAsBesu() throws Exception {
        NetworkSpec spec = spec(0);
        TestNetwork files = TestNetwork.create(dir, spec);
        files.setOption("validator-1", "permissions-accounts-config-file-enabled", "false");
        files.setOption("validator-1", "permissions-nodes-config-file-enabled", "false");
        try (TestNetwork net = files.startAll()) {
            Rpc rpc = new Rpc(net.rpcUrl("validator-1"), net.adminToken());
            rpc.error("perm_getNodesAllowlist", "[]", -32000, "Node allowlist has not been enabled");
            rpc.error("perm_addNodesToAllowlist", "[[\"" + STRANGER_ENODE + "\"]]", -32000, "Node allowlist has not been enabled");
            rpc.error("perm_getAccountsAllowlist", "[]", -32000, "Account allowlist has not been enabled");
            rpc.error("perm_removeAccountsFromAllowlist", "[[\"" + STRANGER_ACCOUNT + "\"]]", -32000,
                    "Account allowlist has not been enabled");
            rpc.error("perm_reloadPermissionsFromFile", "[]", -32000, "Node/Account allowlist has not been enabled");
            assertTrue(rpc.result("eth_blockNumber", "[]").asText().startsWith("0x"));
        }
    }

    private List<String> fileNodes() throws Exception {
        return NetworkFiles.readPermissions(dir.resolve(NetworkFiles.PERMISSIONS)).nodes().stream().map(Object::toString).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A JSON-RPC caller that keeps error responses (RpcClient turns them into exceptions). */
    private record Rpc(String url, String token) {
        JsonNode call(String method, String params) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}"));
                if (token != null) {
                    b.header("Authorization", "Bearer " + token);
                }
                return JSON.readTree(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        JsonNode result(String method, String params) {
            JsonNode response = call(method, params);
            assertFalse(response.has("error"), method + " " + params + ": " + response);
            return response.get("result");
        }

        void error(String method, String params, int code, String message) {
            JsonNode response = call(method, params);
            assertEquals(code, response.path("error").path("code").asInt(), method + " " + params + ": " + response);
            assertEquals(message, response.path("error").path("message").asText(), method + " " + params + ": " + response);
        }
    }
}
