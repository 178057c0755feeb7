package org.bcpki.pki;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The relying party's revocation state per issuer key: the newest complete CRL and the newest delta CRL
 * applied to it, both verified once and indexed by serial. Rules for a delta (RFC 5280 5.2.4, 6.3.3):
 * same issuer and scope as the base, its base CRL number not above the cached base's number (else the
 * base must be fetched first), and its own number above the base's and the previous delta's.
 * A CRL that fails verification throws {@link CrlIndex.InvalidCrl} and leaves the state unchanged.
 */
public final class RevocationIndex {
    /** What applying a CRL did. */
    public enum Applied {
        /** became the cached complete CRL */
        BASE,
        /** became the cached delta */
        DELTA,
        /** not newer than what is cached: nothing changed */
        NOT_NEWER,
        /** a delta whose base is newer than the cached complete CRL (or with none cached): fetch the base first */
        NEEDS_NEWER_BASE
    }

    public enum State { GOOD, REVOKED, STALE, MISSING }

    /** A lookup's answer; {@code revokedAt}/{@code reason} only for REVOKED, {@code nextUpdate} when a CRL is cached. */
    public record Lookup(State state, Instant revokedAt, int reason, Instant nextUpdate) {}

    private record View(CrlIndex base, CrlIndex delta) {
        Instant nextUpdate() {
            return delta != null ? delta.nextUpdate() : base.nextUpdate();
        }
    }

    private static final int REMOVE_FROM_CRL = 8;
    private final Map<ByteBuffer, View> views = new ConcurrentHashMap<>();

    /** Verifies and caches a complete CRL of {@code issuer}; an older one than cached changes nothing. */
    public Applied applyBase(X509CRLHolder crl, X509CertificateHolder issuer) {
        CrlIndex index = CrlIndex.of(crl, issuer);
        if (index.isDelta()) {
            throw new CrlIndex.InvalidCrl("a delta CRL was offered as a complete CRL");
        }
        Applied[] outcome = {Applied.BASE};
        views.compute(key(issuer), (key, view) -> {
            if (view != null && view.base().number().compareTo(index.number()) >= 0) {
                outcome[0] = Applied.NOT_NEWER;
                return view;
            }
            // A cached delta newer than the new base still carries revocations the base lacks.
            CrlIndex keep = view != null && view.delta() != null && view.delta().number().compareTo(index.number()) > 0
                    && view.delta().sameScope(index) ? view.delta() : null;
            return new View(index, keep);
        });
        return outcome[0];
    }

    /** Verifies a delta CRL of {@code issuer} and applies it to the cached base if the RFC 5280 rules allow. */
    public Applied applyDelta(X509CRLHolder crl, X509CertificateHolder issuer) {
        CrlIndex index = CrlIndex.of(crl, issuer);
        if (!index.isDelta()) {
            throw new CrlIndex.InvalidCrl("a complete CRL was offered as a delta CRL");
        }
        Applied[] outcome = {Applied.DELTA};
        views.compute(key(issuer), (key, view) -> {
            if (view == null || index.baseNumber().compareTo(view.base().number()) > 0) {
                outcome[0] = Applied.NEEDS_NEWER_BASE;
                return view;
            }
            if (!index.sameScope(view.base())) {
                throw new CrlIndex.InvalidCrl("the delta CRL's scope (issuingDistributionPoint) differs from its base's");
            }
            if (index.number().compareTo(view.base().number()) <= 0
                    || (view.delta() != null && index.number().compareTo(view.delta().number()) <= 0)) {
                outcome[0] = Applied.NOT_NEWER;
                return view;
            }
            return new View(view.base(), index);
        });
        return outcome[0];
    }

    /** The serial's status at {@code at} from the cached base and delta, or STALE/MISSING when they cannot answer. */
    public Lookup lookup(X509CertificateHolder issuer, BigInteger serial, Instant at) {
        View view = views.get(key(issuer));
        if (view == null) {
            return new Lookup(State.MISSING, null, 0, null);
        }
        if (at.isAfter(view.nextUpdate())) {
            return new Lookup(State.STALE, null, 0, view.nextUpdate());
        }
        CrlIndex.Revoked revoked = view.delta() == null ? null : view.delta().entry(serial);
        if (revoked != null && revoked.reason() == REMOVE_FROM_CRL) {
            return new Lookup(State.GOOD, null, 0, view.nextUpdate());
        }
        if (revoked == null) {
            revoked = view.base().entry(serial);
        }
        if (revoked == null || revoked.revokedAt().isAfter(at)) {
            return new Lookup(State.GOOD, null, 0, view.nextUpdate());
        }
        return new Lookup(State.REVOKED, revoked.revokedAt(), revoked.reason(), view.nextUpdate());
    }

    /** Whether the cached complete CRL is still current at {@code at} (only the delta then needs refreshing). */
    public boolean baseCurrent(X509CertificateHolder issuer, Instant at) {
        View view = views.get(key(issuer));
        return view != null && !at.isAfter(view.base().nextUpdate());
    }

    /** The delta CRL URL the cached base names (freshestCRL), or null. */
    public String deltaUrl(X509CertificateHolder issuer) {
        View view = views.get(key(issuer));
        return view == null ? null : view.base().deltaUrl();
    }

    /** The cached complete CRL's number, or null. */
    public BigInteger baseNumber(X509CertificateHolder issuer) {
        View view = views.get(key(issuer));
        return view == null ? null : view.base().number();
    }

    /** The cached delta CRL's number, or null. */
    public BigInteger deltaNumber(X509CertificateHolder issuer) {
        View view = views.get(key(issuer));
        return view == null || view.delta() == null ? null : view.delta().number();
    }

    public void clear() {
        views.clear();
    }

    private static ByteBuffer key(X509CertificateHolder issuer) {
        return ByteBuffer.wrap(Pem.der(issuer.getSubjectPublicKeyInfo()));
    }
}
