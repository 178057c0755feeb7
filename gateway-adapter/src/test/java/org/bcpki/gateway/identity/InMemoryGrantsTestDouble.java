package org.bcpki.gateway.identity;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;

/**
 * TEST DOUBLE for the chain and X.509 verifiers: an in-memory set of grants (subject, role, key
 * hash) with a status each, so gateway tests can drive every decision. It is not a verifier of
 * anything and lives in test sources only.
 */
public final class InMemoryGrantsTestDouble implements IdentityVerifier {
    private record Grant(Role role, byte[] keyHash, Decision status) {}

    private final String name;
    private final Map<SubjectId, Grant> grants = new ConcurrentHashMap<>();
    private volatile boolean stale;
    private volatile ViewStatus view;

    public InMemoryGrantsTestDouble(String name) {
        this.name = name;
    }

    public InMemoryGrantsTestDouble grant(SubjectId subject, Role role, byte[] spki) {
        grants.put(subject, new Grant(role, SignatureSuite.keyHash(spki), Decision.GRANTED));
        return this;
    }

    /** Marks a known subject REVOKED, EXPIRED or SUSPENDED. */
    public void setStatus(SubjectId subject, Decision status) {
        grants.computeIfPresent(subject, (s, g) -> new Grant(g.role(), g.keyHash(), status));
    }

    /** Makes every answer STALE_VIEW, as a light client whose head is too old would. */
    public void setStale(boolean stale) {
        this.stale = stale;
    }

    /** Pretends to have verified {@code block}, produced at {@code time}, for status reporting. */
    public void setView(long block, String hash, java.time.Instant time) {
        view = new ViewStatus(block, hash, time);
    }

    @Override
    public java.util.Optional<ViewStatus> viewStatus() {
        return java.util.Optional.ofNullable(view);
    }

    @Override
    public IdentityVerdict verify(IdentityClaim claim) {
        if (stale) {
            return new IdentityVerdict(Decision.STALE_VIEW, "test double: view marked stale");
        }
        Grant grant = grants.get(claim.subject());
        Decision decision;
        if (grant == null) {
            decision = Decision.UNKNOWN;
        } else if (grant.role() != claim.role()) {
            decision = Decision.WRONG_ROLE;
        } else if (!Arrays.equals(grant.keyHash(), SignatureSuite.keyHash(claim.presentedSpki()))) {
            decision = Decision.WRONG_KEY;
        } else {
            decision = grant.status();
        }
        return new IdentityVerdict(decision, "test double " + name);
    }

    @Override
    public String name() {
        return name;
    }
}
