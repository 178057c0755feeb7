package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.net.PeerMessageKind;
import org.bcpki.chain.net.PeerNetwork;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.node.ChainNode;
import org.bcpki.core.chain.BlockHeader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding 9: a height is believed only from blocks that verify; a forged future block changes nothing. */
class FutureBlockTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @DisplayName("finding 9: a validator catches up after being offline; then an unsealed NEW_BLOCK a million blocks ahead leaves it not syncing and finalising blocks")
    void forgedFutureBlockIsOnlyAHint() throws Exception {
        try (TestNetwork net = TestNetwork.create(dir, 4, 0, 300, 1500).startAll()) {
            TestNetwork.await("a few blocks", Duration.ofSeconds(60), () -> net.height("validator-1") >= 3);
            net.stop("validator-4");
            long stoppedAt = net.height("validator-1");
            TestNetwork.await("the other three move on", Duration.ofSeconds(90), () -> net.height("validator-1") >= stoppedAt + 15);
            ChainNode target = net.start("validator-4");
            TestNetwork.await("validator-4 caught up from its peers", Duration.ofSeconds(90),
                    () -> target.chain().head().number() >= stoppedAt + 15);
            assertEquals(net.node("validator-1").chain().hash(stoppedAt + 15), target.chain().hash(stoppedAt + 15));
            TestNetwork.await("validator-4 not syncing", Duration.ofSeconds(30),
                    () -> "false".equals(rpc(net.rpcUrl("validator-4"), "eth_syncing").toString()));

            // the attacker holds a peer key (a compromised validator): its messages pass the nodes allowlist
            NodeSpec attacker = net.spec.node("validator-1").orElseThrow();
            try (PeerNetwork client = new PeerNetwork(attacker.key(),
                    NetworkFiles.readPermissions(dir.resolve(NetworkFiles.PERMISSIONS)).nodes(), (kind, body, sender) -> Bytes.EMPTY)) {
                BlockHeader head = target.chain().head();
                Block farAhead = new Block(head.toBuilder().number(head.number() + 1_000_000).build(), List.of());
                client.request(target.address(), PeerMessageKind.NEW_BLOCK, farAhead.encode()).get(10, TimeUnit.SECONDS);

                BlockHeader now = target.chain().head();
                Block unsealedNext = new Block(now.toBuilder().number(now.number() + 1).parentHash(
                        target.chain().hash(now.number()).orElseThrow()).build(), List.of());
                ExecutionException refused = assertThrows(ExecutionException.class, () -> client.request(target.address(),
                        PeerMessageKind.NEW_BLOCK, unsealedNext.encode()).get(10, TimeUnit.SECONDS));
                assertTrue(refused.getCause().getMessage().contains("422"), refused.getCause().getMessage());
            }
            long afterAttack = target.chain().head().number();
            TestNetwork.await("ten more finalised blocks on the attacked validator", Duration.ofSeconds(90),
                    () -> target.chain().head().number() >= afterAttack + 10);
            assertEquals("false", rpc(net.rpcUrl("validator-4"), "eth_syncing").toString());
            assertTrue(target.syncing().isEmpty());
        }
    }

    private static JsonNode rpc(String url, String method) {
        try {
            String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[]}";
            return JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body()).get("result");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
