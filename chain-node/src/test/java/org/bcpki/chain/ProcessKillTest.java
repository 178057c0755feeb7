package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bcpki.chain.network.RpcClient;
import org.bcpki.chain.node.NodeLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A validator in its own OS process: kill -9, the others go on, it restarts and catches up from its peers. */
class ProcessKillTest {
    @TempDir
    Path dir;

    @Test
    void killedValidatorProcessRestartsAndCatchesUp() throws Exception {
        try (TestNetwork net = TestNetwork.create(dir, 4, 1, 300, 1000)) {
            for (String name : List.of("validator-1", "validator-2", "validator-3", "mirror-1")) {
                net.start(name);
            }
            Process v4 = NodeLauncher.spawn(dir, "validator-4");
            try (RpcClient rpc = new RpcClient(net.rpcUrl("validator-4"))) {
                TestNetwork.await("validator-4 process at block 4", Duration.ofSeconds(240), () -> height(rpc) >= 4);
                long beforeKill = height(rpc);
                v4.destroyForcibly().waitFor();

                long h = net.height("validator-1");
                TestNetwork.await("3 of 4 keep finalising", Duration.ofSeconds(90), () -> net.height("validator-1") >= h + 4);

                v4 = NodeLauncher.spawn(dir, "validator-4");
                TestNetwork.await("validator-4 answers again", Duration.ofSeconds(240), () -> height(rpc) >= beforeKill);
                long target = net.height("validator-1");
                TestNetwork.await("validator-4 caught up", Duration.ofSeconds(90), () -> height(rpc) >= target);
                JsonNode theirs = rpc.call("eth_getBlockByNumber", "0x" + Long.toHexString(target), false);
                assertEquals(net.node("validator-1").chain().hash(target).orElseThrow().toHexString(), theirs.get("hash").asText());
                assertTrue(RpcClient.quantity(rpc.call("net_peerCount")) >= 3);
            } finally {
                v4.destroy();
                v4.waitFor();
            }
        }
    }

    private static long height(RpcClient rpc) {
        try {
            return RpcClient.quantity(rpc.call("eth_blockNumber"));
        } catch (Exception e) {
            return -1;
        }
    }
}
