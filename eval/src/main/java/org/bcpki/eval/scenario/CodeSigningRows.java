package org.bcpki.eval.scenario;

import java.time.Duration;
import org.bcpki.eval.EvalResults;
import org.bcpki.eval.Metric;
import org.bcpki.eval.Summary;
import org.bcpki.eval.testbed.CodeSigningRollout;
import org.bcpki.pki.SmPki;
import org.bcpki.pki.codesign.UpdateDecision;

/**
 * The X.509 rows of the "Software updates" section, per release through {@link CodeSigningRollout}: approval
 * (the notified body's countersignature) to the first accepting check at a warm and a cold gateway, revocation
 * to the first refusal by a gateway fetching CRLs, whether a gateway with cached CRLs still accepts right after
 * the revocation (checked), the windows that follow from the CRL periods, and the bytes per update check.
 */
final class CodeSigningRows {
    private final double[] publishMs;
    private final double[] warmMs;
    private final double[] coldMs;
    private final double[] refusalMs;
    private final double[] refreshCrlBytes;
    private final double[] laterBytes;
    private final double[] firstContactBytes;
    private final double[] firstContactCrlFetches;
    private final double[] packageBytes;
    private final double[] certificateBytes;
    private final double[] laterCrlBytes;
    private int cachedStillAccepting;

    CodeSigningRows(int n) {
        publishMs = new double[n];
        warmMs = new double[n];
        coldMs = new double[n];
        refusalMs = new double[n];
        refreshCrlBytes = new double[n];
        laterBytes = new double[n];
        firstContactBytes = new double[n];
        firstContactCrlFetches = new double[n];
        packageBytes = new double[n];
        certificateBytes = new double[n];
        laterCrlBytes = new double[n];
    }

    void add(int i, CodeSigningRollout.Approval approved, CodeSigningRollout.Withdrawal withdrawn) {
        UpdateDecision warm = approved.warm().decision();
        UpdateDecision cold = approved.cold().decision();
        publishMs[i] = approved.publishMillis();
        warmMs[i] = approved.warm().millis();
        coldMs[i] = approved.cold().millis();
        laterBytes[i] = warm.bytesFetched();
        laterCrlBytes[i] = warm.crlBytes();
        firstContactBytes[i] = cold.bytesFetched();
        firstContactCrlFetches[i] = cold.crlFetches();
        packageBytes[i] = warm.packageBytes();
        certificateBytes[i] = warm.certificateBytes();
        refusalMs[i] = withdrawn.fresh().millis();
        refreshCrlBytes[i] = withdrawn.fresh().decision().crlBytes();
        if (withdrawn.cached().accepted()) {
            cachedStillAccepting++;
        }
    }

    /** @param chainBundleBytes the chain side's signed bundle (median), for the bytes row's note */
    void addRows(EvalResults results, SmPki.Settings pki, double chainBundleBytes, double load) {
        String section = SoftwareUpdateScenario.SECTION;
        int n = warmMs.length;
        String where = String.format("ML-DSA-65 SM-PKI, CS-Sub.CA under its root; CRLs valid %s, delta CRLs %s; load average %.2f "
                + "at the scenario's start", pki.crlValidity(), pki.deltaCrlPeriod(), load);
        String path = String.format("countersignature (the package exists) -> package and image on the update server -> the "
                + "gateway downloads both over HTTP -> ReleaseVerifier accepts; signing and countersigning (fresh approval key and "
                + "certificate) took median %.0f ms before, not counted (the chain row counts the last approver's countersignature "
                + "and vote)", Summary.of(publishMs).p50());
        results.add(Metric.distribution(section, "update approval to first install, warm gateway", "x509", "ms", Summary.of(warmMs),
                path + "; warm: CRLs and the manufacturer's validated path cached from earlier checks, the release's own approval "
                        + "certificate validated in full; " + where));
        results.add(Metric.distribution(section, "update approval to first install, cold gateway", "x509", "ms", Summary.of(coldMs),
                path + String.format("; cold: first contact, both paths validated and the CRLs downloaded (median %.0f); ",
                        Summary.of(firstContactCrlFetches).p50()) + where));
        results.add(Metric.distribution(section, "release revocation to first refusal, fresh CRLs", "x509", "ms",
                Summary.of(refusalMs), String.format("the release's approval certificate revoked at CS-Sub.CA (privilegeWithdrawn, "
                        + "CRL and delta CRL re-signed) -> a gateway whose cached CRLs expired fetches them again (median %.0f bytes), "
                        + "its validated paths cached -> ReleaseVerifier refuses REVOKED; " + where, Summary.of(refreshCrlBytes).p50())));
        results.add(Metric.value(section, "gateways with cached CRLs still accepting a revoked release", "x509", "count",
                cachedStillAccepting, "of " + n + " revocations, asked right after the revocation: the warm gateway keeps its CRLs "
                        + "and delta CRLs until their nextUpdate"));
        addWindows(results, "delta CRL period " + hours(pki.deltaCrlPeriod()), pki.deltaCrlPeriod(),
                "the testbed's setting: a cached delta CRL is fetched again at its nextUpdate");
        addWindows(results, "CRL nextUpdate " + hours(SmPki.DEFAULT_CRL_VALIDITY) + ", no delta CRLs", SmPki.DEFAULT_CRL_VALIDITY,
                "the SM-PKI's default CRL validity without delta CRLs");
        String signedRelease = String.format("the signed release (median %.0f bytes, %.0f of them 3 certificates: manufacturer, "
                + "CS-Sub.CA, the release's approval)", Summary.of(packageBytes).p50(), Summary.of(certificateBytes).p50());
        String notCounted = String.format("; the image is not counted on either side; compare with the chain's row "
                + "'signed bundle included' (its bundle: median %.0f bytes of JSON, signatures and public keys, no certificates)",
                chainBundleBytes);
        results.add(Metric.distribution(section, "bytes fetched per update check, warm gateway", "x509", "bytes",
                Summary.of(laterBytes), signedRelease + String.format(" + CRLs downloaded (median %.0f: the cached ones are "
                        + "within nextUpdate)", Summary.of(laterCrlBytes).p50()) + notCounted));
        results.add(Metric.distribution(section, "bytes fetched per update check, first contact", "x509", "bytes",
                Summary.of(firstContactBytes), signedRelease + " + complete and delta CRLs of the root and CS-Sub.CA" + notCounted));
    }

    /** Worst case: revoked just after the gateway fetched; mean: revocations uniform over the cached CRL's life (at most). */
    private static void addWindows(EvalResults results, String label, Duration period, String note) {
        String section = SoftwareUpdateScenario.SECTION;
        results.add(Metric.value(section, "revoked release accepted from cached CRLs, worst case (" + label + ")", "x509", "s",
                period.toSeconds(), note + "; a revocation just after the gateway fetched stays unseen for the whole period"));
        results.add(Metric.value(section, "revoked release accepted from cached CRLs, mean (" + label + ")", "x509", "s",
                period.toSeconds() / 2.0, note + "; revocations uniform over the cached CRL's life (an upper bound: a CRL "
                        + "re-signed before its nextUpdate is fetched with less life left)"));
    }

    private static String hours(Duration period) {
        return period.toMinutes() % 60 == 0 ? period.toHours() + " h" : period.toMinutes() + " min";
    }
}
