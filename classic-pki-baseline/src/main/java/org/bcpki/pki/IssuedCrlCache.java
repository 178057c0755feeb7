package org.bcpki.pki;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.cert.X509CRLHolder;

/**
 * The CA side's CRL cache: a CA's complete CRL is re-signed only when its revocations changed or half its
 * validity has passed, so relying parties always find a CRL whose nextUpdate is ahead. Every half
 * validity (the base period) the current complete CRL becomes the base of the delta CRL, which lists
 * the revocations since that base and is re-signed on change or every half delta period.
 */
final class IssuedCrlCache {
    private record Entry(int revocationCount, Instant thisUpdate, X509CRLHolder crl) {}

    /** The complete CRL deltas refer to: its number, when it was signed, and the serials it listed. */
    private record Base(BigInteger number, Instant thisUpdate, Set<BigInteger> serials) {}

    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, Base> bases = new HashMap<>();
    private final Map<String, Entry> deltas = new HashMap<>();
    private final Map<String, BigInteger> deltaBases = new HashMap<>();

    synchronized X509CRLHolder current(CertificateAuthority ca, PkiStore store, Duration validity, String deltaUrl) {
        int count = store.revocationCount(ca.id());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Entry entry = entries.get(ca.id());
        if (entry == null || entry.revocationCount() != count || now.isAfter(entry.thisUpdate().plus(validity.dividedBy(2)))) {
            List<PkiStore.Revocation> revocations = store.revocations(ca.id());
            X509CRLHolder crl = CrlBuilder.complete(ca, revocations, now, now.plus(validity),
                    store.nextCrlNumber(ca.id()), deltaUrl);
            entry = new Entry(count, now, crl);
            entries.put(ca.id(), entry);
            Base base = bases.get(ca.id());
            if (base == null || now.isAfter(base.thisUpdate().plus(validity.dividedBy(2)))) {
                bases.put(ca.id(), new Base(Crls.number(crl), now,
                        revocations.stream().map(PkiStore.Revocation::serial).collect(Collectors.toUnmodifiableSet())));
            }
        }
        return entry.crl();
    }

    /** The delta CRL against the current base (establishing the base first if there is none yet). */
    synchronized X509CRLHolder currentDelta(CertificateAuthority ca, PkiStore store, Duration validity, Duration deltaPeriod,
                                            String deltaUrl) {
        current(ca, store, validity, deltaUrl);
        Base base = bases.get(ca.id());
        int count = store.revocationCount(ca.id());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Entry entry = deltas.get(ca.id());
        if (entry == null || entry.revocationCount() != count || !base.number().equals(deltaBases.get(ca.id()))
                || now.isAfter(entry.thisUpdate().plus(deltaPeriod.dividedBy(2)))) {
            List<PkiStore.Revocation> since = store.revocations(ca.id()).stream()
                    .filter(revocation -> !base.serials().contains(revocation.serial())).toList();
            X509CRLHolder delta = CrlBuilder.delta(ca, since, now, now.plus(deltaPeriod), store.nextCrlNumber(ca.id()), base.number());
            entry = new Entry(count, now, delta);
            deltas.put(ca.id(), entry);
            deltaBases.put(ca.id(), base.number());
        }
        return entry.crl();
    }
}
