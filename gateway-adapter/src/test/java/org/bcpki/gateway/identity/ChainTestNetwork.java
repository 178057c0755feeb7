package org.bcpki.gateway.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.mirror.MirrorSettings;
import org.bcpki.mirror.follow.TrustAnchorFile;
import org.bcpki.mirror.testing.FakeRpcServer;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;

/**
 * A sealed QBFT chain with a registry in its state, served over loopback JSON-RPC: mirror-client's
 * own test network ({@link TestNetwork}), which the chain verifier talks to exactly as it would to a
 * mirror node. Grants and revocations change the registry state and take effect with the next mined
 * block. Its blocks are stamped one second apart from a fixed genesis time, so the light client gets a
 * clock that reads "{@code lag} after the newest block" ({@link #clock}), as on a live chain.
 */
public final class ChainTestNetwork implements AutoCloseable {
    private final TestNetwork network;
    private final FakeRpcServer node;
    private volatile Duration lag = Duration.ofSeconds(1);

    private ChainTestNetwork(TestNetwork network, FakeRpcServer node) {
        this.network = network;
        this.node = node;
    }

    public static ChainTestNetwork start() {
        TestNetwork network = new TestNetwork(4, 30_000, new RegistryState(true, 8));
        network.mine(3);
        try {
            return new ChainTestNetwork(network, network.serve());
        } catch (IOException e) {
            network.close();
            throw new UncheckedIOException(e);
        }
    }

    /** Grants {@code subject} in {@code role} with {@code spki} (ML-DSA-65 code 11), valid until {@code notAfter}. */
    public void grant(SubjectId subject, Role role, byte[] spki, long notAfter) {
        record(subject, GrantStatus.ACTIVE, role, spki, notAfter);
    }

    public void grant(SubjectId subject, Role role, byte[] spki) {
        grant(subject, role, spki, 4_000_000_000L);
    }

    public void revoke(SubjectId subject, Role role, byte[] spki) {
        record(subject, GrantStatus.REVOKED, role, spki, 4_000_000_000L);
    }

    /** A key rotation as the registry records it: the same subject, a new key, the next grant version. */
    public void rotate(SubjectId subject, Role role, byte[] newSpki, long version) {
        record(subject, GrantStatus.ACTIVE, role, newSpki, 4_000_000_000L, version);
    }

    private void record(SubjectId subject, GrantStatus status, Role role, byte[] spki, long notAfter) {
        record(subject, status, role, spki, notAfter, 1);
    }

    private void record(SubjectId subject, GrantStatus status, Role role, byte[] spki, long notAfter, long version) {
        network.state().grant(subject, new GrantRecord(status, role.code(), 11, version, 1_600_000_000L, notAfter, 0,
                Bytes32.wrap(SignatureSuite.keyHash(spki)), Bytes32.ZERO));
    }

    /** Seals one block over the current registry state; returns its number. */
    public long mine() {
        return network.mine().number();
    }

    public long head() {
        return network.chain().head().number();
    }

    /** How far "now" is behind the newest block's time, for the light client's clock. */
    public void lag(Duration newLag) {
        lag = newLag;
    }

    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(network.chain().head().timestamp()).plus(lag);
            }
        };
    }

    public MirrorSettings mirrorSettings() {
        return MirrorSettings.defaults().withClock(clock());
    }

    public void writeAnchor(Path file) {
        try {
            TrustAnchorFile.write(network.genesisAnchor(), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public VerifierSettings settings(Path anchor, Path store) {
        writeAnchor(anchor);
        return new VerifierSettings(List.of(URI.create(node.url())), anchor, RegistryState.REGISTRY_ADDRESS,
                store);
    }

    @Override
    public void close() {
        network.close();
    }
}
