package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.net.Enode;
import org.bcpki.chain.net.PeerMessageKind;
import org.bcpki.chain.net.PeerNetwork;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.core.chain.NodeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peers outside the allowlist, badly signed messages and invalid blocks are refused; the node keeps going. */
class PeerSecurityTest {
    @TempDir
    Path dir;

    @Test
    void refusesStrangersForgeriesAndInvalidBlocks() throws Exception {
        try (TestNetwork net = TestNetwork.create(dir, 1, 1, 200, 1000).startAll()) {
            TestNetwork.await("3 blocks", Duration.ofSeconds(20), () -> net.height("mirror-1") >= 3);
            NodeSpec validator = net.spec.node("validator-1").orElseThrow();

            // a key outside the nodes allowlist is refused with 403
            NodeKey stranger = NodeKey.generate(new SecureRandom());
            try (PeerNetwork outsider = new PeerNetwork(stranger, List.of(validator.enode()), (k, b, s) -> Bytes.EMPTY)) {
                ExecutionException refused = assertThrows(ExecutionException.class, () -> outsider.request(
                        validator.key().address(), PeerMessageKind.STATUS, Bytes.EMPTY).get(5, TimeUnit.SECONDS));
                assertTrue(refused.getCause().getMessage().contains("403"), refused.getCause().getMessage());
            }

            // garbage without the signed peer header is refused with 401
            HttpClient http = HttpClient.newHttpClient();
            URI p2p = URI.create("http://127.0.0.1:" + validator.p2pPort() + "/p2p");
            assertEquals(401, http.send(HttpRequest.newBuilder(p2p).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3}))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode());

            // an allowlisted peer (the mirror's key) sending a tampered block: rejected (422), head unchanged
            NodeKey mirrorKey = net.spec.node("mirror-1").orElseThrow().key();
            Enode target = validator.enode();
            try (PeerNetwork mirror = new PeerNetwork(mirrorKey, List.of(target, net.spec.node("mirror-1").orElseThrow().enode()),
                    (k, b, s) -> Bytes.EMPTY)) {
                // The validator keeps sealing: a forged block for a height it reached meanwhile is ignored as old
                // (answered 200). Then it must not have been stored, and the next attempt forges the new next height.
                // The forged state root keeps it distinct from the real next block: with 200 ms blocks an empty block
                // often has its parent's timestamp, and a copy of the parent's other fields would be that very block.
                ExecutionException rejected = null;
                for (int attempt = 1; rejected == null; attempt++) {
                    long head = net.height("validator-1");
                    Block real = net.node("validator-1").chain().store().block(head).orElseThrow();
                    Block forged = new Block(real.header().toBuilder().number(head + 1).parentHash(real.hash())
                            .stateRoot(Bytes32.repeat((byte) 0x5a)).build(), List.of());
                    try {
                        mirror.request(validator.key().address(), PeerMessageKind.NEW_BLOCK, forged.encode()).get(5, TimeUnit.SECONDS);
                        Block stored = net.node("validator-1").chain().store().block(head + 1).orElse(null);
                        assertTrue(stored != null && !stored.hash().equals(forged.hash()),
                                "a forged block was answered 200 although the validator had not moved past it");
                        assertTrue(attempt < 50, "the validator moved past every forged height in 50 attempts");
                    } catch (ExecutionException e) {
                        rejected = e;
                    }
                }
                assertTrue(rejected.getCause().getMessage().contains("HTTP"), rejected.getCause().getMessage());
                // a forged QBFT message inside a valid envelope is dropped too
                mirror.send(PeerMessageKind.QBFT, Bytes.fromHexString("0xc0"), null);
            }
            long before = net.height("validator-1");
            TestNetwork.await("still finalising", Duration.ofSeconds(20), () -> net.height("validator-1") >= before + 3);
            QbftNetworkTest.assertAgreement(net, List.of("validator-1", "mirror-1"));
        }
    }
}
