package org.bcpki.gateway.identity;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --trust both}: asks the chain and the X.509 verifier about the same claim, records both
 * answers in the evidence, and grants only when both grant (fail closed). A disagreement is flagged
 * in the evidence ({@code DISAGREE}) and counted, so the evaluation can compare the two PKIs on the
 * same traffic.
 */
public final class DualVerifier implements IdentityVerifier, AutoCloseable {
    public static final String DISAGREEMENT_MARK = "DISAGREE";

    private final IdentityVerifier chain;
    private final IdentityVerifier x509;
    private final AtomicLong disagreements = new AtomicLong();

    public DualVerifier(IdentityVerifier chain, IdentityVerifier x509) {
        this.chain = chain;
        this.x509 = x509;
    }

    @Override
    public IdentityVerdict verify(IdentityClaim claim) {
        IdentityVerdict first = GuardedVerifier.ask(chain, claim);
        IdentityVerdict second = GuardedVerifier.ask(x509, claim);
        boolean disagree = first.decision() != second.decision();
        if (disagree) {
            disagreements.incrementAndGet();
        }
        String evidence = (disagree ? DISAGREEMENT_MARK + " " : "") + chain.name() + "=" + first.decision() + " ["
                + first.evidence() + "]; " + x509.name() + "=" + second.decision() + " [" + second.evidence() + "]";
        return new IdentityVerdict(first.granted() ? second.decision() : first.decision(), evidence);
    }

    @Override
    public String name() {
        return "both";
    }

    @Override
    public Optional<ViewStatus> viewStatus() {
        return chain.viewStatus();
    }

    IdentityVerifier chain() {
        return chain;
    }

    public long disagreements() {
        return disagreements.get();
    }

    @Override
    public void close() throws Exception {
        try {
            if (chain instanceof AutoCloseable closeable) {
                closeable.close();
            }
        } finally {
            if (x509 instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
