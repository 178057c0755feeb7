package org.bcpki.mirror;

import java.nio.file.Path;
import java.time.Duration;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.mirror.follow.SyncReport;

/**
 * A main that runs the client alone (for the jlink image check): sync from {@code args[0]} with the
 * anchor {@code args[1]} and store {@code args[2]}, then check {@code args[4]} as METER against the
 * registry {@code args[3]}. The test chain's clock is in the past, hence the long staleness bound.
 */
public final class MirrorSmoke {
    private MirrorSmoke() {}

    public static void main(String[] args) throws Exception {
        try (MirrorClient client = MirrorClient.open(MirrorConfig.of(Path.of(args[1]), args[0]).withStore(Path.of(args[2]))
                .withRegistry(Address.fromHex(args[3]))
                .withSettings(MirrorSettings.defaults().withMaxStaleness(Duration.ofDays(36_500))))) {
            SyncReport report = client.sync();
            CheckResult result = client.check(SubjectId.parse(args[4]), Role.METER, null);
            System.out.println("synced to " + report.toNumber() + " (" + report.headersVerified() + " headers); "
                    + args[4] + " " + result.decision() + " at block " + result.blockNumber() + ", " + result.proofBytes()
                    + " bytes");
        }
    }
}
