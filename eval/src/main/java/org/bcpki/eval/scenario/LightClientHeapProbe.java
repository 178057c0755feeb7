package org.bcpki.eval.scenario;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.MirrorConfig;
import org.bcpki.mirror.follow.TrustAnchorFile;
import org.bcpki.mirror.trust.TrustAnchor;

/**
 * Measures the light client's live heap in a JVM of its own (the testbed's JVM allocates too much
 * in the background for a difference of a few hundred KB to be seen): heap used after GC before the
 * client exists, and with the client synced and every given subject proven. Prints the difference
 * in bytes on stdout.
 *
 * <p>Arguments: anchor file, store directory, comma-separated endpoint URLs, registry address,
 * subject ids (0x hex)...
 */
public final class LightClientHeapProbe {
    private LightClientHeapProbe() {}

    public static void main(String[] args) throws Exception {
        TrustAnchor anchor = TrustAnchorFile.read(Path.of(args[0]));
        long before = liveHeap();
        MirrorClient client = MirrorClient.open(MirrorConfig.of(anchor, args[2]).withStore(Path.of(args[1]))
                .withRegistry(Address.fromHex(args[3])));
        client.sync();
        List<Object> answers = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            answers.add(client.check(SubjectId.ofHex(args[i]), Role.METER, null));
        }
        long after = liveHeap();
        System.out.println((after - before) + " " + client.chain().headers().size() + " " + answers.size());
        client.close();
    }

    static long liveHeap() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(50);
            best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
