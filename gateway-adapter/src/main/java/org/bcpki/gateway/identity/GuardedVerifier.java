package org.bcpki.gateway.identity;

import org.bcpki.core.identity.Decision;

/** Asks a verifier and turns its failures into a rejecting verdict: a broken verifier fails closed. */
public final class GuardedVerifier {
    private GuardedVerifier() {}

    public static IdentityVerdict ask(IdentityVerifier verifier, IdentityClaim claim) {
        try {
            IdentityVerdict verdict = verifier.verify(claim);
            return verdict != null ? verdict
                    : new IdentityVerdict(Decision.STALE_VIEW, verifier.name() + " gave no answer; failing closed");
        } catch (RuntimeException e) {
            return new IdentityVerdict(Decision.STALE_VIEW,
                    verifier.name() + " failed (" + e + "); failing closed");
        }
    }
}
