package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NodeRole;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.network.RpcTokens;

/**
 * The PERM calls every engine must answer alike, on validator-1 of a network with at least two
 * validators and a mirror (the other validators are validator-1's bootnodes, so Besu's fixed
 * nodes): lists, Besu's errors, changes written to permissions_config.toml, a reload.
 */
final class PermSuite {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String STRANGER_ENODE = "enode://" + "ab".repeat(64) + "@127.0.0.1:30399";
    private static final String STRANGER_ACCOUNT = "0x" + "cd".repeat(20);

    private PermSuite() {}

    static void run(EngineNetwork network) throws Exception {
        String url = network.nodes().stream().filter(n -> n.name().equals("validator-1")).findFirst().orElseThrow().rpcUrl();
        String token = RpcTokens.mint(network.dir(), RpcTokens.ADMIN_PERMISSIONS, RpcTokens.DEFAULT_TTL);
        Set<String> enodes = new HashSet<>();
        network.spec().nodes().forEach(n -> enodes.add(n.enode().toString()));
        assertEquals(enodes, strings(result(url, token, "perm_getNodesAllowlist", "[]")));

        error(url, token, "perm_addNodesToAllowlist", "[[]]", -32000, "Request contains an empty list of nodes");
        error(url, token, "perm_addNodesToAllowlist", "[[\"enode://1234@127.0.0.1:1\"]]", -32000, "Request contains an invalid node");
        error(url, token, "perm_addNodesToAllowlist", "[[\"" + STRANGER_ENODE + "\",\"" + STRANGER_ENODE + "\"]]", -32000,
                "Request contains duplicate nodes");
        NodeSpec mirror = network.spec().nodes().stream().filter(n -> n.role() == NodeRole.MIRROR).findFirst().orElseThrow();
        error(url, token, "perm_addNodesToAllowlist", "[[\"" + mirror.enode() + "\"]]", -32000, "Cannot add an existing node to allowlist");
        error(url, token, "perm_removeNodesFromAllowlist", "[[\"" + STRANGER_ENODE + "\"]]", -32000,
                "Cannot remove an absent node from allowlist");
        NodeSpec bootnode = network.spec().node("validator-2").orElseThrow();
        error(url, token, "perm_removeNodesFromAllowlist", "[[\"" + bootnode.enode() + "\"]]", -32000,
                "Cannot remove a fixed node (bootnode or static node) from allowlist");

        assertEquals("Success", result(url, token, "perm_addNodesToAllowlist", "[[\"" + STRANGER_ENODE + "\"]]").asText());
        assertTrue(strings(result(url, token, "perm_getNodesAllowlist", "[]")).contains(STRANGER_ENODE));
        assertTrue(NetworkFiles.readPermissions(network.dir().resolve(NetworkFiles.PERMISSIONS)).nodes().stream()
                .anyMatch(e -> e.toString().equals(STRANGER_ENODE)), "written to the permissions file");
        assertEquals("Success", result(url, token, "perm_removeNodesFromAllowlist", "[[\"" + STRANGER_ENODE + "\"]]").asText());

        error(url, token, "perm_addAccountsToAllowlist", "[[]]", -32000, "Request contains an empty list of accounts");
        error(url, token, "perm_addAccountsToAllowlist", "[[\"0x1234\"]]", -32000, "Request contains an invalid account");
        error(url, token, "perm_removeAccountsFromAllowlist", "[[\"" + STRANGER_ACCOUNT + "\"]]", -32000,
                "Cannot remove an absent account from allowlist");
        assertEquals("Success", result(url, token, "perm_addAccountsToAllowlist", "[[\"" + STRANGER_ACCOUNT + "\"]]").asText());
        assertTrue(strings(result(url, token, "perm_getAccountsAllowlist", "[]")).contains(STRANGER_ACCOUNT));
        error(url, token, "perm_addAccountsToAllowlist", "[[\"" + STRANGER_ACCOUNT + "\"]]", -32000,
                "Cannot add an existing account to allowlist");
        assertEquals("Success", result(url, token, "perm_removeAccountsFromAllowlist", "[[\"" + STRANGER_ACCOUNT + "\"]]").asText());

        assertEquals("Success", result(url, token, "perm_reloadPermissionsFromFile", "[]").asText());
        assertEquals(enodes, strings(result(url, token, "perm_getNodesAllowlist", "[]")));
        assertTrue(result(url, token, "eth_blockNumber", "[]").asText().startsWith("0x"), "the node is still up");
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode call(String url, String token, String method, String params) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":"
                        + params + "}")).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode result(String url, String token, String method, String params) throws Exception {
        JsonNode response = call(url, token, method, params);
        assertFalse(response.has("error"), method + " " + params + ": " + response);
        return response.get("result");
    }

    private static void error(String url, String token, String method, String params, int code, String message) throws Exception {
        JsonNode response = call(url, token, method, params);
        assertEquals(code, response.path("error").path("code").asInt(), method + " " + params + ": " + response);
        assertEquals(message, response.path("error").path("message").asText(), method + " " + params + ": " + response);
    }
}
