package org.bcpki.eval.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.DeviceType;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.eval.testbed.FirmwareRollout;
import org.bcpki.eval.testbed.FirmwareServer;
import org.bcpki.eval.testbed.GatewaySite;
import org.bcpki.eval.testbed.PufMeter;
import org.bcpki.eval.testbed.Testbed;
import org.bcpki.eval.testbed.X509Side;
import org.bcpki.gateway.GatewayCounters;
import org.bcpki.gateway.identity.ChainVerifier;
import org.bcpki.gateway.identity.VerifierSettings;
import org.bcpki.gateway.identity.ViewStatus;
import org.bcpki.gateway.reading.MeterKey;
import org.bcpki.gateway.store.LogEntry;
import org.bcpki.gateway.store.LogVerification;
import org.bcpki.gateway.store.SecurityEntry;
import org.bcpki.gateway.store.StoredReading;
import org.bcpki.mirror.MirrorSettings;
import org.bcpki.mirror.follow.TrustAnchorFile;
import org.bcpki.pki.ValidationResult;

/**
 * The end-to-end story of {@code bcpki demo}: start everything, enroll and grant three meters and
 * one EMT, readings accepted, one meter and the EMT revoked and refused at the gateway, the same
 * checks by the X.509 baseline, a meter firmware release approved, installed, revoked and refused;
 * then a summary table and a report directory. Each step is timed and
 * counts the bytes it moved; the first failing step ends the story with its reason.
 */
public final class DemoStory implements AutoCloseable {
    public static final List<String> METERS = List.of("1ESY1160000001", "1ESY1160000002", "1ESY1160000003");
    public static final String REVOKED_METER = "1ESY1160000002";
    public static final String EMT = "stadtwerke-nord.emt";
    static final String EMT_X509_NAME = "stadtwerke-nord";
    private static final Duration GRANT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration GATEWAY_TIMEOUT = Duration.ofSeconds(30);
    public static final String FIRMWARE_STEP = "meter firmware: approved 2-of-2, installed, revoked, refused";
    public static final DeviceType FIRMWARE_TYPE = DeviceType.of("ACME-E350");
    private static final int FIRMWARE_BYTES = 128 * 1024;

    private final Path work;
    private final Consumer<String> out;
    private final List<DemoStep> steps = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, MeterKey> meterKeys = new LinkedHashMap<>();
    private final Map<String, PufMeter> pufMeters = new LinkedHashMap<>();
    private final Map<String, X509Side.Certified> certificates = new LinkedHashMap<>();
    private KeyPair emtKey;
    private Testbed bed;
    private ChainVerifier verifier;
    private GatewaySite site;
    private X509Side x509;
    private volatile boolean closed;
    private Path reportDir;

    /** What the story produced: every step so far, and the failure that ended it (null on success). */
    public record Result(List<DemoStep> steps, String failure, double totalMillis, Path reportDir) {
        public boolean success() {
            return failure == null;
        }
    }

    private record Outcome(String result, long bytes) {}

    private interface Body {
        Outcome run() throws Exception;
    }

    public DemoStory(Path work, Consumer<String> out) {
        this.work = work;
        this.out = out;
    }

    /** Runs the story, writes the report into {@code reportDir}, and stops everything it started. */
    public Result run(Path reportDir) {
        return run(reportDir, false);
    }

    /**
     * Runs the story and writes the report; with {@code keepRunning}, a successful story leaves the
     * network, services and gateway up (for {@code demo --explorer}) until {@link #close()}.
     */
    public Result run(Path reportDir, boolean keepRunning) {
        long started = System.nanoTime();
        String failure = null;
        this.reportDir = reportDir;
        try {
            Files.createDirectories(reportDir);
            story();
        } catch (DemoFailure e) {
            failure = e.getMessage();
        } catch (IOException e) {
            failure = "cannot create the report directory " + reportDir + ": " + e.getMessage();
        } finally {
            if (!keepRunning || failure != null) {
                close();
            }
        }
        double total = (System.nanoTime() - started) / 1e6;
        Result result = new Result(List.copyOf(steps), failure, total, reportDir);
        try {
            DemoReport.write(result, reportDir);
        } catch (IOException e) {
            out.accept("could not write the report to " + reportDir + ": " + e.getMessage());
        }
        return result;
    }

    private void story() {
        step("start network, registry, 3 authorities, X.509 PKI", () -> {
            bed = Testbed.start(work, Testbed.Options.standard(), line -> out.accept("      " + line));
            x509 = new X509Side(bed);
            return new Outcome(bed.spec().nodes().size() + " nodes, registry " + bed.registry(), -1);
        });
        step("enroll 3 meters: PUF-derived ML-DSA-65 keys; EMT key", () -> {
            long helperBytes = 0;
            for (String id : METERS) {
                PufMeter meter = PufMeter.enroll(id, random);
                bed.anchorEnrollment(meter); // the manufacturer anchors the enrollment on chain
                pufMeters.put(id, meter);
                meterKeys.put(id, new MeterKey(KeyAlgorithm.ML_DSA_65, meter.key()));
                helperBytes += meter.helperDataBytes();
            }
            emtKey = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).generate(random);
            return new Outcome("keys rebuilt from a fresh PUF read (BER 10 %); enrollments anchored by the manufacturer; helper data "
                    + helperBytes / METERS.size() + " bytes per meter, SPKI " + meterKeys.get(METERS.get(0)).spki().length
                    + " bytes", helperBytes);
        });
        step("start gateway: 3 meters on socat ptys, WAN HTTPS", () -> {
            // The gateway's own chain verifier (gateway-adapter) over the light client, following the mirrors only.
            Path anchor = work.resolve("anchor.json");
            TrustAnchorFile.write(Testbed.genesisAnchor(bed.mirrorUrls().get(0), Testbed.CHAIN_ID,
                    bed.spec().genesisValidators(), bed.spec().epochLength()), anchor);
            Path store = Files.createDirectories(work.resolve("gateway"));
            verifier = ChainVerifier.start(new VerifierSettings(bed.mirrorUrls().stream().map(URI::create).toList(), anchor,
                    bed.registry(), store), MirrorSettings.defaults(), Duration.ofMillis(250));
            site = GatewaySite.start(work, meterKeys, verifier, Map.of(EMT, METERS));
            return new Outcome(String.join(", ", site.lines()) + "; WAN " + site.gateway().wanUrl(), -1);
        });
        long[] grantBlock = new long[1];
        step("grant 3 meters (PUF attested) + EMT by 2-of-3 approvals", () -> {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Testbed.GrantOutcome>> futures = new ArrayList<>();
                for (String id : METERS) {
                    KeyPair pair = meterKeys.get(id).keyPair();
                    PufMeter puf = pufMeters.get(id);
                    futures.add(pool.submit(() -> bed.requestGrant(SubjectId.parse(id), id, Role.METER,
                            KeyAlgorithm.ML_DSA_65, pair, puf, List.of(0, 1), GRANT_TIMEOUT)));
                }
                futures.add(pool.submit(() -> bed.requestGrant(SubjectId.parse(EMT), EMT, Role.EMT, KeyAlgorithm.ML_DSA_65,
                        emtKey, List.of(0, 1), GRANT_TIMEOUT)));
                long bytes = 0;
                for (Future<Testbed.GrantOutcome> f : futures) {
                    Testbed.GrantOutcome g = f.get();
                    if (!g.state().equals("ACTIVE")) {
                        throw new DemoFailure("grant request " + g.requestId() + " ended " + g.state() + " " + g.reason());
                    }
                    bytes += g.bytes();
                }
                grantBlock[0] = bed.blockNumber();
                return new Outcome("4 grants ACTIVE by block " + grantBlock[0] + "; PTB and BSI checked each meter's PUF"
                        + " attestation and approved", bytes);
            } finally {
                pool.shutdownNow();
            }
        });
        step("gateway's light client verifies the grant block", () -> {
            ViewStatus view = awaitView(grantBlock[0]);
            return new Outcome("verified head " + view.lastVerifiedBlock() + " from the mirrors", -1);
        });
        step("readings of all 3 meters accepted", () -> {
            long bytes = 0;
            for (String id : METERS) {
                bytes += awaitAccepted(id);
            }
            return new Outcome(site.gateway().counters().acceptedCount() + " accepted (bytes on the serial lines)", bytes);
        });
        step("EMT request allowed (WAN, HTTPS)", () -> {
            GatewaySite.WanReply reply = site.emtRequest(EMT, KeyAlgorithm.ML_DSA_65, emtKey, METERS.get(0));
            if (reply.status() != 200) {
                throw new DemoFailure("EMT refused: HTTP " + reply.status() + " " + reply.body());
            }
            return new Outcome("HTTP 200, readings of " + METERS.get(0), reply.bytes());
        });
        step("X.509: CSR -> certificate -> valid, same keys", () -> {
            long bytes = 0;
            for (String id : METERS) {
                X509Side.Certified c = x509.certify(id, Role.METER, meterKeys.get(id).keyPair());
                certificates.put(id, c);
                requireDecision(x509.validateCached(c, Role.METER), Decision.GRANTED, "X.509 " + id);
                bytes += c.httpBytes();
            }
            X509Side.Certified emt = x509.certify(EMT_X509_NAME, Role.EMT, emtKey);
            certificates.put(EMT, emt);
            requireDecision(x509.validateCached(emt, Role.EMT), Decision.GRANTED, "X.509 EMT");
            bytes += emt.httpBytes() + x509.crlBytes(Role.METER) + x509.crlBytes(Role.EMT);
            return new Outcome("4 certificates GRANTED by path validation (CRLs cached at the gateway)", bytes);
        });
        long[] revokedAt = new long[2];
        step("revoke meter " + REVOKED_METER + " (operator at GWA-Nord)", () -> {
            revokedAt[0] = System.nanoTime();
            Testbed.GrantOutcome r = bed.revoke(2, REVOKED_METER, "key compromise", GRANT_TIMEOUT);
            if (!r.state().equals("REVOKED")) {
                throw new DemoFailure("revocation ended " + r.state() + " " + r.reason());
            }
            revokedAt[1] = bed.blockNumber();
            return new Outcome("REVOKED on chain by block " + revokedAt[1], r.bytes());
        });
        step("revoked meter rejected at the gateway", () -> {
            long bytes = awaitRejected(REVOKED_METER, "REVOKED");
            double ms = (System.nanoTime() - revokedAt[0]) / 1e6;
            long view = verifier.viewStatus().map(ViewStatus::lastVerifiedBlock).orElse(-1L);
            awaitAccepted(METERS.get(0));
            return new Outcome(String.format("REVOKED %.0f ms after the revocation request, at block %d; %s still accepted",
                    ms, view, METERS.get(0)), bytes);
        });
        step("revoke the EMT, then EMT request refused", () -> {
            Testbed.GrantOutcome r = bed.revoke(2, EMT, "contract ended", GRANT_TIMEOUT);
            if (!r.state().equals("REVOKED")) {
                throw new DemoFailure("EMT revocation ended " + r.state() + " " + r.reason());
            }
            long deadline = System.nanoTime() + GATEWAY_TIMEOUT.toNanos();
            long bytes = r.bytes();
            while (true) {
                GatewaySite.WanReply reply = site.emtRequest(EMT, KeyAlgorithm.ML_DSA_65, emtKey, METERS.get(0));
                bytes += reply.bytes();
                if (reply.status() == 403 && reply.body().contains("REVOKED")) {
                    return new Outcome("HTTP 403 REVOKED", bytes);
                }
                if (System.nanoTime() > deadline) {
                    throw new DemoFailure("EMT still answered HTTP " + reply.status() + " " + reply.body());
                }
                Thread.sleep(250);
            }
        });
        step("X.509: revoke same meter and EMT; cached CRL vs OCSP", () -> {
            x509.revoke(certificates.get(REVOKED_METER));
            x509.revoke(certificates.get(EMT));
            ValidationResult cached = x509.validateCached(certificates.get(REVOKED_METER), Role.METER);
            ValidationResult ocsp = x509.validateOcsp(certificates.get(REVOKED_METER), Role.METER);
            ValidationResult fresh = x509.validateFresh(certificates.get(REVOKED_METER), Role.METER);
            ValidationResult emtOcsp = x509.validateOcsp(certificates.get(EMT), Role.EMT);
            requireDecision(ocsp, Decision.REVOKED, "X.509 OCSP for the revoked meter");
            requireDecision(fresh, Decision.REVOKED, "X.509 fresh CRL for the revoked meter");
            requireDecision(emtOcsp, Decision.REVOKED, "X.509 OCSP for the revoked EMT");
            return new Outcome("cached CRL says " + cached.decision() + " until nextUpdate ("
                    + bed.pki().settings().crlValidity() + "); OCSP and a fresh CRL say REVOKED",
                    x509.crlBytes(Role.METER));
        });
        step(FIRMWARE_STEP, () -> {
            byte[] image = new byte[FIRMWARE_BYTES];
            random.nextBytes(image);
            try (FirmwareServer server = FirmwareServer.start(); FirmwareRollout rollout = new FirmwareRollout(bed,
                    verifier.client(), site.gateway().store(), work.resolve("gateway"), GATEWAY_TIMEOUT)) {
                String url = server.publish("acme/" + FIRMWARE_TYPE.name() + "/1.bin", image);
                ReleaseBundle filed = rollout.releases().file(FIRMWARE_TYPE, 1, image, url);
                FirmwareRollout.Propagation installed = rollout.approveAndInstall(rollout.approveAllButLast(filed));
                FirmwareRollout.Propagation refused = rollout.revokeAndRefuse(0, installed.result(), "CVE-2026-0042");
                return new Outcome(String.format("%s v1 (%d bytes from %s) INSTALLED %.0f ms, %d block(s) after the last "
                        + "approval; REVOKED %.0f ms, %d block(s) after PTB's revocation", FIRMWARE_TYPE.name(), image.length,
                        url, installed.millis(), installed.blocks(), refused.millis(), refused.blocks()),
                        installed.bytes() + refused.bytes());
            }
        });
        step("gateway's metrological log intact", () -> {
            LogVerification v = site.gateway().store().verifyLog();
            if (!v.intact()) {
                throw new DemoFailure("log broken at " + v.firstBrokenSeq() + ": " + v.problem());
            }
            exportLog(site.gateway().store().logEntries(1, 10_000));
            exportSecurityLog(site.gateway().store().securityEntries(1, 10_000));
            GatewayCounters c = site.gateway().counters();
            return new Outcome(v.entries() + " entries, head " + v.headHash().substring(0, 16) + "...; accepted "
                    + c.acceptedCount() + ", rejected " + c.rejectedByReason() + ", WAN refused " + c.wanRefusedByReason(), -1);
        });
    }

    private ViewStatus awaitView(long block) throws InterruptedException {
        long deadline = System.nanoTime() + GATEWAY_TIMEOUT.toNanos();
        while (true) {
            ViewStatus head = verifier.viewStatus().orElse(null);
            if (head != null && head.lastVerifiedBlock() >= block) {
                return head;
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailure("the light client did not reach block " + block + " (at "
                        + (head == null ? "none" : head.lastVerifiedBlock()) + "): " + verifier.lastProblem());
            }
            Thread.sleep(100);
        }
    }

    /** Sends readings until one of {@code meterId} is stored; returns the serial bytes sent. */
    private long awaitAccepted(String meterId) throws InterruptedException {
        long before = lastAcceptedCounter(meterId);
        long bytes = 0;
        long deadline = System.nanoTime() + GATEWAY_TIMEOUT.toNanos();
        while (true) {
            bytes += site.sendReading(meterId);
            long waitUntil = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < waitUntil) {
                if (lastAcceptedCounter(meterId) > before) {
                    return bytes;
                }
                Thread.sleep(50);
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailure("no reading of " + meterId + " accepted; gateway rejections: "
                        + site.gateway().counters().rejectedByReason());
            }
        }
    }

    private long awaitRejected(String meterId, String reason) throws InterruptedException {
        long before = site.gateway().counters().rejectedCount(reason);
        long bytes = 0;
        long deadline = System.nanoTime() + GATEWAY_TIMEOUT.toNanos();
        while (true) {
            bytes += site.sendReading(meterId);
            long waitUntil = System.nanoTime() + 400_000_000L;
            while (System.nanoTime() < waitUntil) {
                if (site.gateway().counters().rejectedCount(reason) > before) {
                    return bytes;
                }
                Thread.sleep(25);
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailure(meterId + " was not rejected with " + reason + "; rejections: "
                        + site.gateway().counters().rejectedByReason());
            }
        }
    }

    private long lastAcceptedCounter(String meterId) {
        List<StoredReading> latest = site.gateway().store().readings(meterId, 1);
        return latest.isEmpty() ? -1 : latest.get(0).counter();
    }

    private static void requireDecision(ValidationResult result, Decision wanted, String what) {
        if (result.decision() != wanted) {
            throw new DemoFailure(what + ": expected " + wanted + ", got " + result.decision() + " (" + result.reason() + ")");
        }
    }

    private void exportLog(List<LogEntry> entries) throws IOException {
        StringBuilder text = new StringBuilder();
        for (LogEntry e : entries) {
            text.append(e.seq()).append('\t').append(Instant.ofEpochMilli(e.timeMillis())).append('\t')
                    .append(e.record().kind()).append('\t').append(e.record().subject()).append('\t')
                    .append(e.record().outcome()).append('\t').append(e.record().reason()).append('\t')
                    .append(e.record().evidence()).append('\n');
        }
        Files.writeString(reportDir.resolve("gateway-log.tsv"), text);
    }

    /** The gateway's refusals (revoked meter, refused EMT, ...) are in its security log, apart from the metrological one. */
    private void exportSecurityLog(List<SecurityEntry> entries) throws IOException {
        StringBuilder text = new StringBuilder();
        for (SecurityEntry e : entries) {
            text.append(e.seq()).append('\t').append(Instant.ofEpochMilli(e.timeMillis())).append('\t')
                    .append(e.source()).append('\t').append(e.record().kind()).append('\t')
                    .append(e.record().subject()).append('\t').append(e.record().outcome()).append('\t')
                    .append(e.record().reason()).append('\t').append(e.record().evidence()).append('\n');
        }
        Files.writeString(reportDir.resolve("gateway-security-log.tsv"), text);
    }

    private void step(String name, Body body) {
        out.accept("  ... " + name);
        long started = System.nanoTime();
        try {
            Outcome outcome = body.run();
            double ms = (System.nanoTime() - started) / 1e6;
            steps.add(new DemoStep(name, DemoStep.Status.OK, ms, outcome.bytes(), outcome.result()));
            out.accept(String.format("  ok  %s (%.0f ms): %s", name, ms, outcome.result()));
        } catch (Exception | Error e) {
            double ms = (System.nanoTime() - started) / 1e6;
            String why = e instanceof DemoFailure ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                why = "interrupted";
            }
            if (closed) {
                why = "stopped by Ctrl-C or a signal; everything started was shut down (" + why + ")";
            }
            steps.add(new DemoStep(name, DemoStep.Status.FAILED, ms, -1, why));
            out.accept(String.format("  FAILED  %s (%.0f ms): %s", name, ms, why));
            throw new DemoFailure("step '" + name + "' failed: " + why);
        }
    }

    /** Where a story left running can be looked at: a validator's JSON-RPC, the registry, the gateway's status endpoint. */
    public record Running(String rpcUrl, String registry, String gatewayStatusUrl, String gatewayCertificatePem) {}

    /** What {@code run(reportDir, true)} left running; empty before the gateway started or after {@link #close()}. */
    public synchronized java.util.Optional<Running> running() {
        if (closed || bed == null || site == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Running(bed.validatorUrls().get(0), bed.registry().toHex(),
                site.gateway().wanUrl() + "/status", site.gateway().wanCertificatePem()));
    }

    /** Stops everything the story started (idempotent: also called from the Ctrl-C hook). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (site != null) {
            site.close();
        }
        if (verifier != null) {
            verifier.close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
