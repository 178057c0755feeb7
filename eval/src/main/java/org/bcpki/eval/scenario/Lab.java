package org.bcpki.eval.scenario;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.eval.testbed.PufMeter;
import org.bcpki.eval.testbed.SyncedLightClient;
import org.bcpki.eval.testbed.Testbed;
import org.bcpki.eval.testbed.X509Side;
import org.bcpki.mirror.CheckResult;

/**
 * The testbed the chain-vs-X.509 scenarios share (started once per run): the embedded network with
 * registry and authorities, the gateway's light client (following the mirrors), the X.509 baseline,
 * and the identities granted so far, each with its key and certificate.
 */
public final class Lab implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final Testbed bed;
    private final SyncedLightClient gateway;
    private final X509Side x509;
    private final List<Identity> granted = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private int nextSerial = 1;

    /** An identity known to both PKIs: meter ID, key, certificate. */
    public record Identity(String id, SubjectId subject, KeyPair key, byte[] spki, X509Side.Certified certificate) {}

    private Lab(Testbed bed, SyncedLightClient gateway) {
        this.bed = bed;
        this.gateway = gateway;
        this.x509 = new X509Side(bed);
    }

    static Lab start(Path dir) throws Exception {
        Testbed bed = Testbed.start(dir, Testbed.Options.standard(), line -> {});
        try {
            SyncedLightClient verifier = bed.own(new SyncedLightClient(bed.newMirrorClient(dir.resolve("gateway-mirror")), 100));
            return new Lab(bed, verifier);
        } catch (Exception | Error e) {
            bed.close();
            throw e;
        }
    }

    public Testbed bed() {
        return bed;
    }

    public SyncedLightClient gateway() {
        return gateway;
    }

    public X509Side x509() {
        return x509;
    }

    public synchronized List<Identity> granted() {
        return List.copyOf(granted);
    }

    /** A new meter identity and ML-DSA-65 key, not yet granted anywhere. */
    public synchronized String newMeterId() {
        return String.format("1ESY11%08d", 100 + nextSerial++);
    }

    /** A new meter with a PUF-derived ML-DSA-65 key, its enrollment anchored by the manufacturer, not yet granted. */
    public PufMeter newMeter(String id) throws Exception {
        PufMeter meter = PufMeter.enroll(id, random);
        bed.anchorEnrollment(meter); // the manufacturer's part, at production (outside grant timings)
        return meter;
    }

    /** Grants on chain through two authorities (each checks the PUF attestation against the anchor); returns once ACTIVE. */
    public Testbed.GrantOutcome grantOnChain(String id, PufMeter meter) throws Exception {
        Testbed.GrantOutcome outcome = bed.requestGrant(SubjectId.parse(id), id, Role.METER, KeyAlgorithm.ML_DSA_65,
                meter.key(), meter, List.of(0, 1), TIMEOUT);
        if (!outcome.state().equals("ACTIVE")) {
            throw new IllegalStateException("grant of " + id + " ended " + outcome.state() + " " + outcome.reason());
        }
        return outcome;
    }

    public synchronized void remember(Identity identity) {
        granted.add(identity);
    }

    /** Polls the gateway's light client until it decides {@code wanted}; returns that result. */
    public CheckResult awaitDecision(SubjectId subject, byte[] spki, Decision wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            CheckResult result = gateway.client().check(subject, Role.METER, spki);
            if (result.decision() == wanted) {
                return result;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway's light client still says " + result.decision() + " for "
                        + subject + " (" + result.detail() + ")");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        bed.close();
    }
}
