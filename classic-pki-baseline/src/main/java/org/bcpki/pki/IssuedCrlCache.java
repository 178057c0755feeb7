package org.bcpki.pki;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.cert.X509CRLHolder;

/**
 * The CA side's CRL cache: a CA's CRL is re-signed only when its revocations changed or half its
 * validity has passed, so relying parties always find a CRL whose nextUpdate is ahead.
 */
final class IssuedCrlCache {
    private record Entry(int revocationCount, Instant thisUpdate, X509CRLHolder crl) {}

    private final Map<String, Entry> entries = new HashMap<>();

    synchronized X509CRLHolder current(CertificateAuthority ca, PkiStore store, Duration validity) {
        int count = store.revocationCount(ca.id());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Entry entry = entries.get(ca.id());
        if (entry == null || entry.revocationCount() != count || now.isAfter(entry.thisUpdate().plus(validity.dividedBy(2)))) {
            X509CRLHolder crl = CrlBuilder.build(ca, store.revocations(ca.id()), now, now.plus(validity),
                    store.nextCrlNumber(ca.id()));
            entry = new Entry(count, now, crl);
            entries.put(ca.id(), entry);
        }
        return entry.crl();
    }
}
