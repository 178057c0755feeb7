package org.bcpki.eval.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bcpki.chain.store.RetainedBytes;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.eval.EvalResults;
import org.bcpki.eval.Metric;
import org.bcpki.eval.Summary;
import org.bcpki.eval.testbed.Testbed;
import org.bcpki.mirror.CheckResult;
import org.bcpki.pki.ValidationResult;

/**
 * Revocation propagation: revoke to first rejection at the gateway. Chain: an operator's revocation
 * at one authority service → one transaction → the gateway's light client decides REVOKED (in ms
 * and blocks). X.509, same identities: OCSP and a fresh CRL see the revocation at once; a gateway
 * with a cached CRL keeps granting until the CRL's nextUpdate, so its window is nextUpdate (worst
 * case) and nextUpdate / 2 (mean, revocations uniform over the CRL's life). The cached CRL still
 * granting right after the revocation is checked, not assumed.
 */
public final class RevocationScenario implements Scenario {
    static final String SECTION = "Revocation propagation";
    /** CRL nextUpdate distances whose windows are reported (the testbed's CA uses the first). */
    static final List<Duration> NEXT_UPDATES = List.of(Duration.ofHours(1), Duration.ofHours(24));

    @Override
    public String name() {
        return "revocation";
    }

    @Override
    public int steps(EvalContext context) {
        return count(context);
    }

    static int count(EvalContext context) {
        return context.quick() ? 2 : 5;
    }

    @Override
    public void run(EvalContext context, EvalResults results) throws Exception {
        Lab lab = context.lab();
        List<Lab.Identity> identities = lab.granted();
        int n = Math.min(count(context), identities.size());
        if (n == 0) {
            throw new IllegalStateException("revocation needs granted identities: run the issuance scenario first");
        }
        Path data = lab.bed().nodeData("validator-1");
        double idlePerBlock = IssuanceScenario.idleGrowthPerBlock(lab, data);
        double[] chainMs = new double[n];
        double[] blocks = new double[n];
        double[] ocspMs = new double[n];
        double[] freshCrlMs = new double[n];
        int cachedStillGranted = 0;
        RetainedBytes retainedBefore = RetainedBytes.of(data);
        long blockBefore = lab.bed().blockNumber();
        for (int i = 0; i < n; i++) {
            Lab.Identity identity = identities.get(i);
            context.progress().step("revocation: " + identity.id());
            lab.awaitDecision(identity.subject(), identity.spki(), Decision.GRANTED);
            long startBlock = lab.bed().blockNumber();
            long t0 = System.nanoTime();
            Testbed.GrantOutcome revoked = lab.bed().revoke(2, identity.id(), "key compromise", Duration.ofSeconds(60));
            if (!revoked.state().equals("REVOKED")) {
                throw new IllegalStateException("revocation of " + identity.id() + " ended " + revoked.state() + " " + revoked.reason());
            }
            CheckResult rejected = lab.awaitDecision(identity.subject(), identity.spki(), Decision.REVOKED);
            chainMs[i] = (System.nanoTime() - t0) / 1e6;
            blocks[i] = rejected.blockNumber() - startBlock;

            lab.x509().validateCached(identity.certificate(), Role.METER); // the gateway's cache holds the CRL now
            long x0 = System.nanoTime();
            lab.x509().revoke(identity.certificate());
            ValidationResult ocsp = lab.x509().validateOcsp(identity.certificate(), Role.METER);
            ocspMs[i] = (System.nanoTime() - x0) / 1e6;
            long f0 = System.nanoTime();
            ValidationResult fresh = lab.x509().validateFresh(identity.certificate(), Role.METER);
            freshCrlMs[i] = (System.nanoTime() - f0) / 1e6;
            if (ocsp.decision() != Decision.REVOKED || fresh.decision() != Decision.REVOKED) {
                throw new IllegalStateException("X.509 did not see the revocation of " + identity.id() + ": OCSP "
                        + ocsp.decision() + ", fresh CRL " + fresh.decision());
            }
            if (lab.x509().validateCached(identity.certificate(), Role.METER).decision() == Decision.GRANTED) {
                cachedStillGranted++;
            }
            context.progress().advance();
        }
        long revokeBlocks = lab.bed().blockNumber() - blockBefore;
        RetainedBytes grownBy = RetainedBytes.of(data).minus(retainedBefore);
        double grown = grownBy.used();
        String note = context.embeddedNote();
        results.add(Metric.distribution(SECTION, "revoke to first rejection at the gateway", "chain", "ms", Summary.of(chainMs),
                IssuanceScenario.join("operator request at one authority (r = 1), 1 s blocks, light client syncing every 100 ms", note)));
        results.add(Metric.distribution(SECTION, "blocks from revoke to rejection", "chain", "blocks", Summary.of(blocks), note));
        results.add(Metric.distribution(SECTION, "revoke to first rejection, OCSP", "x509", "ms", Summary.of(ocspMs),
                "revocation in the CA database, then one OCSP-checked validation"));
        results.add(Metric.distribution(SECTION, "validation with a fresh CRL after revoke", "x509", "ms", Summary.of(freshCrlMs),
                "CRLs re-signed at revocation, fetched over HTTP"));
        results.add(Metric.value(SECTION, "gateways with cached CRL still granting after revoke", "x509", "count",
                cachedStillGranted, "of " + n + " revocations: the cached CRL is used until its nextUpdate"));
        for (Duration next : NEXT_UPDATES) {
            results.add(Metric.value(SECTION, "CRL window, worst case (nextUpdate " + next.toHours() + " h)", "x509", "s",
                    next.toSeconds(), "a revocation just after a gateway fetched the CRL stays unseen until nextUpdate"));
            results.add(Metric.value(SECTION, "CRL window, mean (nextUpdate " + next.toHours() + " h)", "x509", "s",
                    next.toSeconds() / 2.0, "revocations uniform over the CRL's life"));
        }
        double net = Math.max(grown - idlePerBlock * revokeBlocks, 0) / n;
        results.add(Metric.value(IssuanceScenario.STORAGE, "node data growth per revocation", "chain", "bytes", net,
                String.format("retained by validator-1 (RetainedBytes, no journals): %.0f bytes over %d blocks for %d revocations, "
                        + "minus %.0f bytes per empty block; %s", grown, revokeBlocks, n, idlePerBlock,
                        IssuanceScenario.breakdown(grownBy, n))));
    }
}
