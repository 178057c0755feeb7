package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.bcpki.chain.network.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/** With accounts-allowlist in permissions_config.toml, only listed senders may submit transactions. */
class AccountsAllowlistTest {
    @TempDir
    Path dir;

    @Test
    void onlyAllowlistedSendersAreAccepted() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(1, 0, 1, 1337, 2, new SecureRandom(), TestNetwork::freePort)
                .withBlockPeriodMillis(200).withRequestTimeoutMillis(1000);
        spec = spec.withAccountsAllowlist(List.of(spec.devAccounts().get(0).address()));
        try (TestNetwork net = TestNetwork.create(dir, spec).startAll()) {
            Credentials allowed = Credentials.create(spec.devAccounts().get(0).privateKey().toHexString());
            Credentials refused = Credentials.create(spec.devAccounts().get(1).privateKey().toHexString());
            JsonNode ok = send(net, TestAccounts.legacy(allowed, 1337L, 0, 0, 21_000, refused.getAddress(), 1, "0x").toHexString());
            assertFalse(ok.has("error"), ok::toString);
            JsonNode no = send(net, TestAccounts.legacy(refused, 1337L, 0, 0, 21_000, allowed.getAddress(), 1, "0x").toHexString());
            assertEquals(-32007, no.get("error").get("code").asInt());
            assertEquals("Sender account not authorized to send transactions", no.get("error").get("message").asText());
        }
    }

    private static JsonNode send(TestNetwork net, String raw) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_sendRawTransaction\",\"params\":[\"" + raw + "\"]}";
        return new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(net.rpcUrl("validator-1")))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
