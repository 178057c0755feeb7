package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeRole;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.network.RpcClient;
import org.bcpki.chain.node.ChainNode;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.CommitSeals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A validator voted in by header votes starts sealing; voted out again, it stops. */
class ValidatorVotesTest {
    @TempDir
    Path dir;

    @Test
    void addsAndRemovesAValidatorByVotes() {
        NetworkSpec base = NetworkSpec.generate(4, 1, 1, 1337, 1, new SecureRandom(), TestNetwork::freePort)
                .withBlockPeriodMillis(200).withRequestTimeoutMillis(1000);
        List<NodeSpec> nodes = new ArrayList<>(base.nodes());
        nodes.add(new NodeSpec("validator-5", NodeRole.VALIDATOR, Bytes32.random(new SecureRandom()), "127.0.0.1",
                TestNetwork.freePort(), TestNetwork.freePort(), false));
        try (TestNetwork net = TestNetwork.create(dir, base.withNodes(nodes)).startAll()) {
            ChainNode v1 = net.node("validator-1");
            Address candidate = net.node("validator-5").address();
            assertFalse(v1.chain().validatorsFor(v1.chain().head().number() + 1).contains(candidate));

            // votes as an operator casts them: qbft_proposeValidatorVote with the network's token
            String token = net.adminToken();
            for (String name : List.of("validator-1", "validator-2", "validator-3")) {
                vote(net, name, token, candidate, true);
            }
            TestNetwork.await("validator-5 voted in", Duration.ofSeconds(60), () -> net.spec.nodes().stream()
                    .allMatch(n -> net.node(n.name()).chain().validatorsFor(net.height(n.name()) + 1).contains(candidate)));
            long added = v1.chain().head().number();
            TestNetwork.await("validator-5 seals", Duration.ofSeconds(60), () -> sealedBy(v1, candidate, added));
            assertTrue(v1.chain().validatorsFor(added + 1).size() == 5);

            for (String name : List.of("validator-1", "validator-2", "validator-3")) {
                vote(net, name, token, candidate, false);
            }
            TestNetwork.await("validator-5 voted out", Duration.ofSeconds(60), () -> net.spec.nodes().stream()
                    .allMatch(n -> !net.node(n.name()).chain().validatorsFor(net.height(n.name()) + 1).contains(candidate)));
            long removed = v1.chain().head().number();
            TestNetwork.await("blocks after the removal", Duration.ofSeconds(30), () -> net.height("validator-1") >= removed + 3);
            for (long n = removed + 2; n <= net.height("validator-1"); n++) {
                assertFalse(CommitSeals.signers(v1.chain().header(n).orElseThrow()).contains(candidate));
            }
            TestNetwork.await("all nodes caught up", Duration.ofSeconds(30), () -> net.spec.nodes().stream()
                    .allMatch(n -> net.height(n.name()) >= removed + 3));
            QbftNetworkTest.assertAgreement(net, net.spec.nodes().stream().map(NodeSpec::name).toList());
            for (long n = 1; n <= net.height("mirror-1"); n++) {
                assertFalse(CommitSeals.signers(v1.chain().header(n).orElseThrow()).contains(net.node("mirror-1").address()),
                        "a mirror never seals");
            }
        }
    }

    private static void vote(TestNetwork net, String node, String token, Address candidate, boolean add) {
        try (RpcClient rpc = new RpcClient(net.rpcUrl(node), token)) {
            assertTrue(rpc.call("qbft_proposeValidatorVote", candidate.toHex(), add).asBoolean());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean sealedBy(ChainNode node, Address validator, long after) {
        for (long n = after + 1; n <= node.chain().head().number(); n++) {
            if (CommitSeals.signers(node.chain().header(n).orElseThrow()).contains(validator)) {
                return true;
            }
        }
        return false;
    }
}
