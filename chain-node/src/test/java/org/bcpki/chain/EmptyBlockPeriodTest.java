package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.RpcClient;
import org.bcpki.chain.node.ChainNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/** Besu's emptyblockperiodseconds: idle blocks come an empty period apart, a transaction still gets in within a period. */
class EmptyBlockPeriodTest {
    private static final long EMPTY_PERIOD = 4;

    @TempDir
    Path dir;

    @Test
    void idleBlocksWaitForTheEmptyPeriodAndTransactionsDoNot() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(1, 0, 1, 1337, 1, new SecureRandom(), TestNetwork::freePort)
                .withEmptyBlockPeriodSeconds(EMPTY_PERIOD).withAccountsAllowlist(java.util.List.of());
        try (TestNetwork net = TestNetwork.create(dir, spec).startAll(); RpcClient rpc = new RpcClient(net.rpcUrl("validator-1"))) {
            ChainNode node = net.node("validator-1");
            TestNetwork.await("3 idle blocks", Duration.ofSeconds(60), () -> net.height("validator-1") >= 3);
            for (long n = 1; n <= 3; n++) {
                long gap = node.chain().header(n).orElseThrow().timestamp() - node.chain().header(n - 1).orElseThrow().timestamp();
                assertTrue(gap >= EMPTY_PERIOD, "empty block " + n + " only " + gap + " s after its parent");
            }
            // right after a block arrives the proposer holds the next (empty) one: a transaction now must not wait for the empty period
            long parent = net.height("validator-1");
            TestNetwork.await("the next block", Duration.ofSeconds(60), () -> net.height("validator-1") > parent);
            Credentials sender = Credentials.create(spec.devAccounts().get(0).privateKey().toHexString());
            String raw = TestAccounts.legacy(sender, 1337L, 0, 0, 21_000, "0x" + "00".repeat(19) + "01", 1, "0x").toHexString();
            JsonNode sent = rpc.call("eth_sendRawTransaction", raw);
            assertFalse(sent.isNull(), "transaction not accepted");
            TestNetwork.await("the receipt", Duration.ofSeconds(60), () -> receipt(rpc, sent.asText()) != null);
            long txBlock = RpcClient.quantity(receipt(rpc, sent.asText()).get("blockNumber"));
            long gap = node.chain().header(txBlock).orElseThrow().timestamp() - node.chain().header(txBlock - 1).orElseThrow().timestamp();
            assertTrue(gap < EMPTY_PERIOD, "the transaction's block waited " + gap + " s, as long as an empty one");
            assertEquals(1, node.chain().store().block(txBlock).orElseThrow().transactions().size());
        }
    }

    private static JsonNode receipt(RpcClient rpc, String hash) {
        try {
            JsonNode r = rpc.call("eth_getTransactionReceipt", hash);
            return r == null || r.isNull() ? null : r;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
