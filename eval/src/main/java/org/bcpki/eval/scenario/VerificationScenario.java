package org.bcpki.eval.scenario;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.eval.Charts;
import org.bcpki.eval.EvalResults;
import org.bcpki.eval.Metric;
import org.bcpki.eval.Summary;
import org.bcpki.eval.scale.ScaleMetrics;
import org.bcpki.eval.testbed.WorkDirs;
import org.bcpki.mirror.CheckResult;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.follow.HeaderStore;
import org.bcpki.pki.PathValidator;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.pki.PkiBenchmark;
import org.bcpki.pki.RevocationIndex;
import org.bcpki.pki.ValidatedPathCache;
import org.bcpki.pki.ValidationResult;

/**
 * Verification latency at the gateway, warm and cold, and the bytes each check moves. Chain: the
 * light client's identity decision (warm = proven at this block, from its cache; cold = a client
 * resumed from the gateway's store that must fetch and verify an eth_getProof). X.509 on the same
 * certificates: path validation with cached CRLs (warm), with an empty cache (cold: sub-CA and root
 * CRLs fetched), and with OCSP. Per algorithm: the reading signature a gateway verifies for each
 * meter key algorithm, and the X.509 hierarchies (ECDSA, ML-DSA-65, composite) via the baseline's
 * own benchmark.
 */
public final class VerificationScenario implements Scenario {
    static final String SECTION = "Verification latency at the gateway";
    private static final List<KeyAlgorithm> METER_ALGORITHMS = List.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1,
            KeyAlgorithm.ECDSA_P256, KeyAlgorithm.ML_DSA_44, KeyAlgorithm.ML_DSA_65, KeyAlgorithm.ML_DSA_87);

    @Override
    public String name() {
        return "verification";
    }

    @Override
    public int steps(EvalContext context) {
        return 4;
    }

    @Override
    public void run(EvalContext context, EvalResults results) throws Exception {
        int samples = context.quick() ? 30 : 300;
        int coldSamples = context.quick() ? 5 : 30;
        Lab lab = context.lab();
        List<Lab.Identity> identities = lab.granted();
        if (identities.isEmpty()) {
            throw new IllegalStateException("verification needs granted identities: run the issuance scenario first");
        }
        String note = context.embeddedNote();

        context.progress().step("verification: chain warm");
        Lab.Identity who = identities.get(identities.size() - 1);
        MirrorClient gateway = lab.gateway().client();
        lab.awaitDecision(who.subject(), who.spki(), Decision.GRANTED);
        List<Double> warm = new ArrayList<>();
        List<Double> carried = new ArrayList<>();
        List<Double> carriedBytes = new ArrayList<>();
        while (warm.size() < samples) {
            CheckResult r = gateway.check(who.subject(), Role.METER, who.spki());
            require(r.decision() == Decision.GRANTED, "warm check: " + r.decision() + " " + r.detail());
            if (r.fromCache() && r.proofBytes() == 0) {
                warm.add(r.micros() / 1000.0);
            } else if (r.fromCache()) {
                carried.add(r.micros() / 1000.0);
                carriedBytes.add((double) r.proofBytes());
            }
        }
        results.add(Metric.distribution(SECTION, "identity check, warm (proven at this block)", "chain", "ms", summary(warm), note));
        if (!carried.isEmpty()) {
            results.add(Metric.distribution(SECTION, "identity check, carried to a new block (account proof)", "chain", "ms",
                    summary(carried), note));
        }
        context.progress().advance();

        context.progress().step("verification: chain cold");
        Path copy = Files.createTempDirectory("bcpki-eval-cold");
        double[] cold = new double[coldSamples];
        double[] coldBytes = new double[coldSamples];
        try {
            for (int i = 0; i < coldSamples; i++) {
                Lab.Identity identity = identities.get(i % identities.size());
                Files.copy(lab.bed().dir().resolve("gateway-mirror").resolve(HeaderStore.FILE_NAME),
                        copy.resolve(HeaderStore.FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                try (MirrorClient fresh = lab.bed().newMirrorClient(copy)) {
                    fresh.sync();
                    CheckResult r = fresh.check(identity.subject(), Role.METER, identity.spki());
                    require(r.decision() == Decision.GRANTED && !r.fromCache(), "cold check: " + r.decision() + " " + r.detail());
                    cold[i] = r.micros() / 1000.0;
                    coldBytes[i] = r.proofBytes();
                }
            }
        } finally {
            WorkDirs.deleteTree(copy);
        }
        results.add(Metric.distribution(SECTION, "identity check, cold (eth_getProof fetched and verified)", "chain", "ms",
                Summary.of(cold), IssuanceScenario.join("client resumed from the gateway's header store, synced, then one check", note)));
        String storage = IssuanceScenario.STORAGE;
        results.add(Metric.value(storage, "bytes on the wire per check, cold", "chain", "bytes", Summary.of(coldBytes).mean(),
                "RLP bytes of the proof nodes for the record-hash slot (the eth_call of recordOf adds its 96-byte answer)"));
        if (!carriedBytes.isEmpty()) {
            results.add(Metric.value(storage, "bytes on the wire per check, new block (account proof, shared by all subjects)",
                    "chain", "bytes", carriedBytes.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), null));
        }
        results.add(Metric.value(storage, "gateway state: light client header store", "chain", "bytes",
                Files.size(lab.bed().dir().resolve("gateway-mirror").resolve(HeaderStore.FILE_NAME)),
                "bounded: the last 64 headers and checkpoints, at most 240 KB"));
        context.progress().advance();

        context.progress().step("verification: X.509 warm per reading, first contact, cold, OCSP");
        var x509 = lab.x509();
        var cert = who.certificate();
        // The gateway as X.509's best operators run it: paths validated once and cached until notAfter,
        // CRLs verified once and indexed by serial, delta CRLs applied to their base.
        var anchors = List.of(lab.bed().pki().root().certificate());
        RevocationIndex gatewayIndex = new RevocationIndex();
        PathValidator x509Gateway = PathValidator.builder(anchors).revocationIndex(gatewayIndex).pathCache(new ValidatedPathCache()).build();
        ValidationResult filled = x509Gateway.validate(cert.chain(), Role.METER, Instant.now());
        require(filled.decision() == Decision.GRANTED, "X.509 first contact: " + filled.decision() + " " + filled.reason());
        results.add(Metric.distribution(SECTION, ScaleMetrics.X509_WARM_PER_READING, "x509", "ms",
                timeValidations(samples, () -> x509Gateway.validate(cert.chain(), Role.METER, Instant.now())),
                "ML-DSA-65 hierarchy, same identity: validated-path cache hit + CRL-index lookups (LMN and root, deltas applied)"));
        results.add(Metric.distribution(SECTION, ScaleMetrics.X509_FIRST_CONTACT, "x509", "ms",
                timeValidations(samples, () -> PathValidator.builder(anchors).revocationIndex(gatewayIndex)
                        .pathCache(new ValidatedPathCache()).build().validate(cert.chain(), Role.METER, Instant.now())),
                "ML-DSA-65 hierarchy, same identity: full path validation (signatures, profile, validity), CRLs already indexed"));
        results.add(Metric.distribution(SECTION, "path validation, cold (CRLs fetched)", "x509", "ms",
                timeValidations(coldSamples, () -> x509.validateFresh(cert, Role.METER)), "ML-DSA-65 hierarchy, same identity"));
        results.add(Metric.distribution(SECTION, "path validation, OCSP", "x509", "ms",
                timeValidations(coldSamples, () -> x509.validateOcsp(cert, Role.METER)), "two OCSP POSTs (leaf, sub-CA)"));
        results.add(Metric.value(storage, "bytes on the wire per check, cold (sub-CA + root CRL)", "x509", "bytes",
                x509.crlBytes(Role.METER), "ML-DSA-65 CRLs; grows with every revocation listed"));
        results.add(Metric.value(storage, "gateway state: CRL cache (LMN + EMT sub-CA + root CRL)", "x509", "bytes",
                x509.crlBytes("lmn") + x509.crlBytes("emt") + x509.crlBytes("root"), null));
        var subCa = lab.bed().pki().subCa(Role.METER).certificate();
        int ocspBytes = OcspTraffic.exchangeBytes(lab.bed().pkiServer().ocspUrl(), cert.issued().certificate(), subCa)
                + OcspTraffic.exchangeBytes(lab.bed().pkiServer().ocspUrl(), subCa, lab.bed().pki().root().certificate());
        results.add(Metric.value(storage, "bytes on the wire per check, OCSP (leaf + sub-CA)", "x509", "bytes", ocspBytes,
                "requests with nonce and ML-DSA-65-signed responses"));
        context.progress().advance();

        context.progress().step("verification: per algorithm");
        Map<String, Double> readingVerify = new LinkedHashMap<>();
        SecureRandom random = new SecureRandom();
        byte[] reading = "bcpki-sml-reading-v1 1-0:1.8.0 12345.678 kWh".getBytes(StandardCharsets.UTF_8);
        for (KeyAlgorithm algorithm : METER_ALGORITHMS) {
            SignatureSuite suite = SignatureSuite.of(algorithm);
            KeyPair pair = suite.generate(random);
            byte[] signature = suite.sign(pair.getPrivate(), reading);
            Summary s = timeChecks(samples, () -> require(suite.verify(pair.getPublic(), reading, signature), "signature"));
            results.add(Metric.distribution(SECTION, "reading signature verify, " + algorithm.displayName(), "shared", "ms", s, null));
            readingVerify.put(algorithm.displayName(), s.p50());
        }
        PkiBenchmark.Report report = PkiBenchmark.run(List.of(PkiAlgorithm.ECDSA, PkiAlgorithm.MLDSA, PkiAlgorithm.COMPOSITE),
                context.quick() ? 20 : 100, context.quick() ? 5 : 20, List.of());
        Map<String, Double> pathWarm = new LinkedHashMap<>();
        for (PkiBenchmark.AlgorithmReport a : report.algorithms()) {
            addLatency(results, "warm check per reading, " + a.algorithm() + " hierarchy", a.validationWarmPerReading());
            addLatency(results, "first contact path validation, " + a.algorithm() + " hierarchy", a.validationWarm());
            addLatency(results, "path validation, cold, " + a.algorithm() + " hierarchy", a.validationCold());
            addLatency(results, "path validation, OCSP, " + a.algorithm() + " hierarchy", a.validationOcsp());
            pathWarm.put(a.algorithm() + " warm", a.validationWarmPerReading().median());
            pathWarm.put(a.algorithm() + " first contact", a.validationWarm().median());
            pathWarm.put(a.algorithm() + " cold", a.validationCold().median());
        }
        pathWarm.put("chain warm", summary(warm).p50());
        pathWarm.put("chain cold", Summary.of(cold).p50());
        context.addChart(Charts.bars(context.outDir(), "verification-ms", "Identity check at the gateway (median)", "ms",
                pathWarm, true));
        context.addChart(Charts.bars(context.outDir(), "reading-verify-ms", "Reading signature verify (median)", "ms",
                readingVerify, true));
        context.progress().advance();
    }

    private static void addLatency(EvalResults results, String name, PkiBenchmark.Latency l) {
        results.add(Metric.distribution(SECTION, name, "x509", "ms",
                new Summary(l.samples(), l.min(), l.median(), l.p95(), l.p99(), l.max(), l.median()),
                "classic-pki-baseline PkiBenchmark (EMT end entity, own hierarchy); mean not recorded, shown as median"));
    }

    private static Summary timeChecks(int samples, Runnable check) {
        double[] ms = new double[samples];
        for (int i = -Math.max(1, samples / 5); i < samples; i++) {
            long t0 = System.nanoTime();
            check.run();
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return Summary.of(ms);
    }

    private static Summary timeValidations(int samples, java.util.function.Supplier<ValidationResult> check) {
        return timeChecks(samples, () -> {
            ValidationResult r = check.get();
            require(r.decision() == Decision.GRANTED, "X.509 validation: " + r.decision() + " " + r.reason());
        });
    }

    private static Summary summary(List<Double> values) {
        return Summary.of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what);
        }
    }
}
