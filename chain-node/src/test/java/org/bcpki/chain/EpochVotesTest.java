package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.NodeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Votes below the threshold stay pending and are cleared at every epoch block (Besu's tally rules). */
class EpochVotesTest {
    @TempDir
    Path dir;

    @Test
    void pendingVotesResetAtEpochs() {
        NetworkSpec spec = NetworkSpec.generate(4, 0, 1, 1337, 0, new SecureRandom(), TestNetwork::freePort)
                .withBlockPeriodMillis(150).withRequestTimeoutMillis(1000).withEpochLength(6);
        try (TestNetwork net = TestNetwork.create(dir, spec).startAll()) {
            Address candidate = NodeKey.generate(new SecureRandom()).address();
            net.node("validator-1").proposals().put(candidate, true);
            net.node("validator-2").proposals().put(candidate, true);
            TestNetwork.await("19 blocks", Duration.ofSeconds(60), () -> net.height("validator-3") >= 19);
            Blockchain chain = net.node("validator-3").chain();
            boolean sawPending = false;
            for (long n = 1; n <= 19; n++) {
                boolean pending = chain.tallyAfter(n).pendingVotes().stream().anyMatch(v -> v.subject().equals(candidate));
                if (n % 6 == 0) {
                    assertFalse(pending, "epoch block " + n + " clears pending votes");
                }
                sawPending |= pending;
                assertFalse(chain.validatorsFor(n + 1).contains(candidate), "two of four votes never reach floor(4/2)+1");
            }
            assertTrue(sawPending, "votes were cast and tallied between epochs");
        }
    }
}
