package org.bcpki.mirror;

import java.nio.file.Path;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.mirror.follow.TrustAnchorFile;
import org.bcpki.mirror.testing.FakeRpcServer;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;

/**
 * A main for manual runs: serves a sealed test chain whose registry grants {@code 1ESY1160000001} the
 * METER role, writes its genesis anchor to the given file, prints the URL and serves until killed.
 */
public final class MirrorServe {
    private MirrorServe() {}

    public static void main(String[] args) throws Exception {
        RegistryState state = new RegistryState(true, 50).grant(SubjectId.parse("1ESY1160000001"),
                MirrorClientTest.grant(GrantStatus.ACTIVE, Role.METER, MirrorClientTest.METER_KEY, 2_000_000_000L));
        TestNetwork network = new TestNetwork(4, 30_000, state);
        network.mine(args.length > 1 ? Integer.parseInt(args[1]) : 50);
        TrustAnchorFile.write(network.genesisAnchor(), Path.of(args[0]));
        FakeRpcServer server = network.serve();
        System.out.println(server.url() + " registry " + RegistryState.REGISTRY.toHexString());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
