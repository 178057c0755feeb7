package org.bcpki.mirror;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.mirror.rpc.EndpointPool;
import org.bcpki.mirror.sync.HeaderStore;
import org.bcpki.mirror.sync.SyncReport;
import org.bcpki.mirror.sync.TrustAnchor;

/**
 * A main that runs the client alone (for the jlink image check): sync from {@code args[0]} with the
 * anchor {@code args[1]} and store {@code args[2]}, then check {@code args[4]} as METER against the
 * registry {@code args[3]}. The test chain's clock is in the past, hence the long staleness bound.
 */
public final class MirrorSmoke {
    private MirrorSmoke() {}

    public static void main(String[] args) throws Exception {
        try (MirrorClient client = new MirrorClient(TrustAnchor.read(Path.of(args[1])), EndpointPool.of(args[0]),
                new HeaderStore(Path.of(args[2])), Bytes.fromHexString(args[3]),
                MirrorSettings.defaults().withMaxStaleness(Duration.ofDays(36_500)))) {
            client.resume();
            SyncReport report = client.sync();
            CheckResult result = client.check(SubjectId.parse(args[4]), Role.METER, null);
            System.out.println("synced to " + report.toNumber() + " (" + report.headersVerified() + " headers); "
                    + args[4] + " " + result.decision() + " at block " + result.blockNumber() + ", " + result.proofBytes()
                    + " bytes");
        }
    }
}
