package org.bcpki.contracts;

import java.util.Optional;
import java.util.Set;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.Role;

/**
 * A governance proposal as the registry holds it ({@code proposals(id)}).
 *
 * @param kind empty for a code the registry does not know (given by {@code code})
 * @param approvals how many authorities approved it (an authority removed since still shows here; the
 *     registry counts only current authorities towards the threshold)
 */
public record ProposalState(long id, int code, Optional<ProposalKind> kind, boolean executed, int approvals,
        Address target, String name, Set<Role> roles, int grantThreshold, int revocationThreshold,
        int governanceThreshold) {}
