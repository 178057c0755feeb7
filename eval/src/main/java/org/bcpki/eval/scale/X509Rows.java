package org.bcpki.eval.scale;

import java.util.List;
import org.bcpki.pki.scale.X509ScaleProbe;

/**
 * The X.509 baseline at the same N, revocation rate and gateway counts: classic-pki-baseline's
 * {@link X509ScaleProbe} (real CRLs, OCSP responders on loopback HTTP, path validation), its
 * results turned into rows. Its latencies come as p50/p99/max, so they are value rows (the p50)
 * with p99 and the sample count in the note.
 */
final class X509Rows {
    static final String CA = "x509 CA";
    static final String RELYING_PARTY = "x509 relying party";
    /** New revocations per delta CRL period: the national rate of NationalModel is far below one per second. */
    static final int REVOCATIONS_PER_PERIOD = 10;

    private X509Rows() {}

    /** One probe per gateway count; CRL, size and validation rows only from the first (they do not depend on G). */
    static void measure(ScalePoint point, List<Integer> gateways, boolean quick) throws Exception {
        long revokedEntries = Math.round(point.n * point.revokedPercent / 100.0);
        if (revokedEntries > X509ScaleProbe.MAX_CRL_ENTRIES) {
            point.notes.add("X.509 at N=" + point.n + ", " + point.revokedPercent + " % revoked not measured: " + revokedEntries
                    + " CRL entries, the probe's limit is " + X509ScaleProbe.MAX_CRL_ENTRIES);
            return;
        }
        boolean first = true;
        for (int g : gateways) {
            X509ScaleProbe.Result result = X509ScaleProbe.run(new X509ScaleProbe.Config(point.n, point.revokedPercent,
                    REVOCATIONS_PER_PERIOD, g, quick ? X509ScaleProbe.Mode.QUICK : X509ScaleProbe.Mode.FULL));
            String where = "classic-pki-baseline X509ScaleProbe, load average " + String.format("%.1f", result.loadAverageBefore());
            if (first) {
                for (X509ScaleProbe.CrlCost crl : result.crls()) {
                    point.value(CA, ScaleMetrics.X509_FULL_CRL_BYTES, "x509", crl.variant(), 1, "bytes", crl.fullCrlBytes(),
                            crl.fullEntries() + " entries, DER with a real signature; " + where);
                    point.value(CA, ScaleMetrics.X509_DELTA_CRL_BYTES, "x509", crl.variant(), 1, "bytes", crl.deltaCrlBytes(),
                            crl.deltaEntries() + " new revocations in the period; " + where);
                    millis(point, RELYING_PARTY, ScaleMetrics.X509_CRL_PARSE_INDEX, crl.variant(), 1, crl.parseAndIndex(),
                            "the gateway receiving the full CRL: DER parse, signature check, serial index; " + where);
                }
                for (X509ScaleProbe.OcspSize size : result.ocspSizes()) {
                    point.value(CA, ScaleMetrics.X509_OCSP_RESPONSE_BYTES, "x509", size.variant(), 1, "bytes", size.responseBytes(),
                            "RFC 5019 single response, " + size.algorithm() + "; " + where);
                }
                for (X509ScaleProbe.Validation v : result.validations()) {
                    String variant = v.hierarchy() + "/" + v.revocation();
                    millis(point, RELYING_PARTY, ScaleMetrics.X509_FIRST_CONTACT, variant, 1, v.firstContact(),
                            "full path validation, revocation from the filled " + v.revocation() + "; " + where);
                    millis(point, RELYING_PARTY, ScaleMetrics.X509_WARM_PER_READING, variant, 1, v.warmPerReading(),
                            "path cache hit plus revocation lookups; " + where);
                }
                first = false;
            }
            for (X509ScaleProbe.OcspLoad load : result.ocspLoads()) {
                String variant = load.variant() + "/" + load.responder();
                String note = load.clients() + " concurrent clients for " + String.format("%.1f", load.seconds()) + " s, "
                        + load.requests() + " requests, responder process " + String.format("%.2f", load.processCores())
                        + " cores; bound by " + load.boundBy() + "; " + where;
                point.value(CA, ScaleMetrics.X509_OCSP_RATE, "x509", variant, g, "req/s", load.requestsPerSecond(), note);
                millis(point, CA, ScaleMetrics.X509_OCSP_LATENCY, variant, g, load.latency(), note);
            }
        }
    }

    private static void millis(ScalePoint point, String section, String metric, String variant, int gateways,
                               X509ScaleProbe.Millis m, String note) {
        point.value(section, metric, "x509", variant, gateways, "ms", m.p50(),
                String.format("p50 of %d samples; p99 %.4g ms, max %.4g ms; %s", m.samples(), m.p99(), m.max(), note));
    }
}
