package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.CommitSeals;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four validators and a mirror in one JVM: liveness, agreement, faults, restarts. */
class QbftNetworkTest {
    private static final List<String> VALIDATORS = List.of("validator-1", "validator-2", "validator-3", "validator-4");

    @TempDir
    Path dir;

    @Test
    void finalisesWithOneDownHaltsWithTwoAndResumesWithoutForkAndAMirrorCatchesUp() throws Exception {
        try (TestNetwork net = TestNetwork.create(dir, 4, 1, 250, 500).startAll()) {
            TestNetwork.await("5 blocks everywhere", Duration.ofSeconds(30),
                    () -> net.spec.nodes().stream().allMatch(n -> net.height(n.name()) >= 5));
            assertAgreement(net, List.of("validator-1", "validator-2", "validator-3", "validator-4", "mirror-1"));
            BlockHeader h5 = net.node("validator-1").chain().header(5).orElseThrow();
            assertTrue(CommitSeals.signers(h5).size() >= 3, "a quorum of seals");

            // the mirror goes offline for the rest of the faults; one validator down: the others keep finalising
            net.stop("mirror-1");
            net.stop("validator-4");
            long before = net.height("validator-1");
            TestNetwork.await("progress with 3 of 4", Duration.ofSeconds(30), () -> net.height("validator-1") >= before + 4);

            // two down: no quorum, the chain halts
            net.stop("validator-3");
            Thread.sleep(1500);
            long halted = net.height("validator-1");
            Thread.sleep(2000);
            assertTrue(net.height("validator-1") <= halted + 1, "no progress without a quorum");

            // one returns: it catches up and the chain resumes
            net.start("validator-3");
            TestNetwork.await("resume with 3 of 4", Duration.ofSeconds(60), () -> net.height("validator-1") >= halted + 3);
            net.start("validator-4");
            net.start("mirror-1");
            long target = net.height("validator-1");
            TestNetwork.await("the restarted validator catches up", Duration.ofSeconds(60),
                    () -> net.height("validator-4") >= target && net.height("mirror-1") >= target);
            assertAgreement(net, List.of("validator-1", "validator-2", "validator-3", "validator-4", "mirror-1"));
        }
    }

    /** Every node holds the same block (hash and state root) at every height they all have. */
    static void assertAgreement(TestNetwork net, List<String> names) {
        long common = names.stream().mapToLong(net::height).min().orElseThrow();
        for (long n = 1; n <= common; n++) {
            BlockHeader reference = net.node(names.get(0)).chain().header(n).orElseThrow();
            for (String name : names) {
                BlockHeader h = net.node(name).chain().header(n).orElseThrow();
                assertEquals(BftHashing.blockHash(reference), BftHashing.blockHash(h), name + " block " + n);
                assertEquals(reference.stateRoot(), h.stateRoot(), name + " state root " + n);
            }
            assertEquals(net.node(names.get(0)).chain().validatorsFor(n),
                    QbftExtraDataCodec.decode(reference.extraData()).validators());
        }
    }
}
