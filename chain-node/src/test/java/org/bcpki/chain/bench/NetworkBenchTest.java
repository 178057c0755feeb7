package org.bcpki.chain.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.bcpki.chain.TestNetwork;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's senders never run further ahead of the chain than the validators' pools take
 * (issue #16: at load, `network bench --rate 200 --duration 20` failed with "Transaction nonce is
 * too distant from current sender nonce"): with tx-pool-max-future-by-sender=2, 1 s blocks and 10
 * transactions per sender offered within 0.2 s, the senders must wait for blocks, and the result
 * says so instead of failing.
 */
class NetworkBenchTest {
    @TempDir
    Path dir;

    @Test
    void sendersWaitForBlocksInsteadOfOverrunningThePool() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(1, 0, 1, 1337, 4, new SecureRandom(), FreePorts::next);
        TestNetwork.create(dir, spec).setOption("validator-1", "tx-pool-max-future-by-sender", "2");
        BenchResult r = NetworkBench.run(dir, new NetworkBench.Options(0.2, 200, 5));
        assertEquals(40, r.submitted());
        assertEquals(r.submitted(), r.finalised(), r::toString);
        assertEquals(2, r.senderWindow());
        assertEquals(200, r.offeredRate());
        // 10 transactions per sender, 2 unsealed at a time: at least 4 more blocks before the last is sent
        assertTrue(r.heldBackSeconds() > 0, r::toString);
        assertTrue(r.submittedRate() < 40 / 3.0, r::toString);
    }
}
