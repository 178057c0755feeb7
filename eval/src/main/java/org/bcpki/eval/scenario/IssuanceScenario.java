package org.bcpki.eval.scenario;

import java.nio.file.Path;
import java.security.KeyPair;
import org.bcpki.chain.store.RetainedBytes;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.eval.EvalResults;
import org.bcpki.eval.Metric;
import org.bcpki.eval.Summary;
import org.bcpki.eval.testbed.PufMeter;
import org.bcpki.eval.testbed.X509Side;
import org.bcpki.mirror.CheckResult;
import org.bcpki.pki.ValidationResult;

/**
 * Issuance latency, request to usable at the gateway, for the same new meter identities and keys:
 * chain = registrar's request to two authority services → their approval transactions → QBFT
 * finality → the gateway's light client proves GRANTED; X.509 = CSR → certificate from the LMN
 * sub-CA → path validation GRANTED. Also the bytes the chain retains per grant (validator-1's
 * {@link RetainedBytes}, journals never counted, net of as many empty blocks).
 */
public final class IssuanceScenario implements Scenario {
    static final String SECTION = "Issuance latency";
    static final String STORAGE = "Storage and traffic";

    @Override
    public String name() {
        return "issuance";
    }

    @Override
    public int steps(EvalContext context) {
        return count(context) + 1;
    }

    static int count(EvalContext context) {
        return context.quick() ? 3 : 10;
    }

    @Override
    public void run(EvalContext context, EvalResults results) throws Exception {
        context.progress().step("issuance: starting the testbed");
        Lab lab = context.lab();
        Path data = lab.bed().nodeData("validator-1");
        double idlePerBlock = idleGrowthPerBlock(lab, data);
        context.progress().advance();

        int n = count(context);
        double[] chainMs = new double[n];
        double[] activeMs = new double[n];
        double[] blocks = new double[n];
        double[] x509Ms = new double[n];
        double[] registrarBytes = new double[n];
        double[] x509Bytes = new double[n];
        RetainedBytes retainedBefore = RetainedBytes.of(data);
        long blockBefore = lab.bed().blockNumber();
        for (int i = 0; i < n; i++) {
            context.progress().step("issuance: identity " + (i + 1) + "/" + n);
            String id = lab.newMeterId();
            PufMeter meter = lab.newMeter(id);
            KeyPair key = meter.key();
            byte[] spki = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).encodePublicKey(key.getPublic());
            long startBlock = lab.bed().blockNumber();
            long t0 = System.nanoTime();
            var outcome = lab.grantOnChain(id, meter);
            long t1 = System.nanoTime();
            CheckResult usable = lab.awaitDecision(SubjectId.parse(id), spki, Decision.GRANTED);
            long t2 = System.nanoTime();
            activeMs[i] = (t1 - t0) / 1e6;
            chainMs[i] = (t2 - t0) / 1e6;
            blocks[i] = usable.blockNumber() - startBlock;
            registrarBytes[i] = outcome.bytes();

            long x0 = System.nanoTime();
            X509Side.Certified certified = lab.x509().certify(id, Role.METER, key);
            ValidationResult valid = lab.x509().validateCached(certified, Role.METER);
            long x1 = System.nanoTime();
            if (valid.decision() != Decision.GRANTED) {
                throw new IllegalStateException("X.509 path validation of " + id + ": " + valid.reason());
            }
            x509Ms[i] = (x1 - x0) / 1e6;
            x509Bytes[i] = certified.httpBytes();
            lab.remember(new Lab.Identity(id, SubjectId.parse(id), key, spki, certified));
            context.progress().advance();
        }
        long grantBlocks = lab.bed().blockNumber() - blockBefore;
        RetainedBytes grownBy = RetainedBytes.of(data).minus(retainedBefore);
        double grown = grownBy.used();
        String note = context.embeddedNote();
        results.add(Metric.distribution(SECTION, "request to usable at the gateway", "chain", "ms", Summary.of(chainMs),
                join("PUF-attested request to 2 of 3 authorities over HTTP, 1 s blocks; usable = light client proves GRANTED", note)));
        results.add(Metric.distribution(SECTION, "request to ACTIVE at the authority", "chain", "ms", Summary.of(activeMs), note));
        results.add(Metric.distribution(SECTION, "blocks from request to usable", "chain", "blocks", Summary.of(blocks), note));
        results.add(Metric.distribution(SECTION, "CSR to certificate to valid", "x509", "ms", Summary.of(x509Ms),
                "ML-DSA-65 hierarchy: CSR over HTTP to the issuance service (bearer token), validation with the gateway's cached CRLs"));
        results.add(Metric.value(STORAGE, "registrar traffic per grant (HTTP to 2 authorities)", "chain", "bytes",
                Summary.of(registrarBytes).mean(), null));
        results.add(Metric.value(STORAGE, "registrar traffic per certificate (CSR and certificate over HTTP)", "x509", "bytes",
                Summary.of(x509Bytes).mean(), null));
        double net = Math.max(grown - idlePerBlock * grantBlocks, 0) / n;
        results.add(Metric.value(STORAGE, "node data growth per grant", "chain", "bytes", net,
                String.format("retained by validator-1 (RetainedBytes: SQLite bytes in use, LevelDB entries; no journals): "
                        + "%.0f bytes over %d blocks for %d grants, minus %.0f bytes per empty block; %s",
                        grown, grantBlocks, n, idlePerBlock, breakdown(grownBy, n))));
        results.add(Metric.value(STORAGE, "node data growth per empty block", "chain", "bytes", idlePerBlock,
                "retained by validator-1 while idle (RetainedBytes, no journals); blocks are sealed every period, with or without transactions"));
    }

    /** Retained bytes a node adds per block while nothing is sent (blocks are sealed anyway). */
    static double idleGrowthPerBlock(Lab lab, Path data) throws Exception {
        long b0 = lab.bed().blockNumber();
        long d0 = RetainedBytes.of(data).used();
        Thread.sleep(4_000);
        long b1 = lab.bed().blockNumber();
        long d1 = RetainedBytes.of(data).used();
        return b1 > b0 ? Math.max(0, d1 - d0) / (double) (b1 - b0) : 0;
    }

    /** Per item: block store (headers and transactions), receipts, indexes, state. */
    static String breakdown(RetainedBytes grown, int n) {
        return String.format("per item: blocks %.0f (transactions %.0f), receipts %.0f, tx index %.0f, log index %.0f, "
                        + "hash index %.0f, state %.0f", grown.blocks() / (double) n, grown.transactionBytes() / (double) n,
                grown.receipts() / (double) n, grown.txIndex() / (double) n, grown.logIndex() / (double) n,
                grown.blockHashIndex() / (double) n, grown.state() / (double) n);
    }

    static String join(String a, String b) {
        return b == null ? a : a + "; " + b;
    }
}
