package org.bcpki.gateway.identity;

import org.bcpki.core.identity.Decision;

/**
 * A verifier's answer: the decision and the evidence it rests on, for the metrological log (for
 * the chain: the verified block number and hash; for X.509: the certificate path and CRL/OCSP used).
 */
public record IdentityVerdict(Decision decision, String evidence) {
    public IdentityVerdict {
        if (decision == null) {
            throw new IllegalArgumentException("a verdict needs a decision");
        }
        evidence = evidence == null ? "" : evidence;
    }

    public boolean granted() {
        return decision == Decision.GRANTED;
    }
}
