package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.bcpki.core.chain.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2/2 split of four validators halts (no quorum on either side) and heals without a fork. */
class PartitionTest {
    @TempDir
    Path dir;

    @Test
    void splitHaltsAndHealsWithoutFork() throws Exception {
        try (TestNetwork net = TestNetwork.create(dir, 4, 1, 200, 400).startAll()) {
            TestNetwork.await("3 blocks", Duration.ofSeconds(30), () -> net.height("validator-4") >= 3);
            Set<Address> sideA = Set.of(net.node("validator-1").address(), net.node("validator-2").address(),
                    net.node("mirror-1").address());
            Set<Address> sideB = Set.of(net.node("validator-3").address(), net.node("validator-4").address());
            for (String name : List.of("validator-1", "validator-2", "mirror-1")) {
                net.node(name).setReachablePeers(sideA::contains);
            }
            for (String name : List.of("validator-3", "validator-4")) {
                net.node(name).setReachablePeers(sideB::contains);
            }
            Thread.sleep(1500);
            long a = net.height("validator-1");
            long b = net.height("validator-3");
            Thread.sleep(2500);
            assertTrue(net.height("validator-1") <= a + 1 && net.height("validator-3") <= b + 1, "neither side has a quorum");

            for (String name : List.of("validator-1", "validator-2", "validator-3", "validator-4", "mirror-1")) {
                net.node(name).setReachablePeers(x -> true);
            }
            long healedFrom = Math.max(a, b);
            TestNetwork.await("progress after healing", Duration.ofSeconds(60), () -> List.of("validator-1", "validator-2",
                    "validator-3", "validator-4", "mirror-1").stream().allMatch(n -> net.height(n) >= healedFrom + 3));
            QbftNetworkTest.assertAgreement(net, List.of("validator-1", "validator-2", "validator-3", "validator-4", "mirror-1"));
        }
    }
}
