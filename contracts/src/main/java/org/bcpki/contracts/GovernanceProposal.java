package org.bcpki.contracts;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.Role;

/**
 * A change of who is who in the registry, as {@code propose} takes it: it executes when the
 * governance threshold of authorities approved it (the proposer's approval counts). The kinds made
 * here are the authority, registrar and threshold ones; enrollers and durations have their own paths.
 *
 * @param target the account added, removed or changed (null for thresholds)
 * @param name an added authority's name (empty otherwise)
 * @param roles the roles an added or changed authority or registrar may act for
 */
public record GovernanceProposal(ProposalKind kind, Address target, String name, Set<Role> roles, int grantThreshold,
        int revocationThreshold, int governanceThreshold) {

    public GovernanceProposal {
        Objects.requireNonNull(kind, "kind");
        if (kind.code() > ProposalKind.SET_THRESHOLDS.code()) {
            throw new IllegalArgumentException(kind.label() + " is not proposed this way");
        }
        name = name == null ? "" : name;
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        if ((kind == ProposalKind.SET_THRESHOLDS) == (target != null)) {
            throw new IllegalArgumentException(kind.label() + (target == null ? " needs an account" : " takes no account"));
        }
        if (kind == ProposalKind.ADD_AUTHORITY && name.isBlank()) {
            throw new IllegalArgumentException("add-authority needs the authority's name");
        }
        if ((kind == ProposalKind.ADD_AUTHORITY || kind == ProposalKind.SET_AUTHORITY_ROLES || kind == ProposalKind.ADD_REGISTRAR) && roles.isEmpty()) {
            throw new IllegalArgumentException(kind.label() + " needs at least one role");
        }
        if (kind == ProposalKind.SET_THRESHOLDS && (grantThreshold < 1 || revocationThreshold < 1 || governanceThreshold < 1
                || grantThreshold > 255 || revocationThreshold > 255 || governanceThreshold > 255)) {
            throw new IllegalArgumentException("thresholds are 1 to 255 (the registry also caps them at the authority count)");
        }
    }

    public static GovernanceProposal addAuthority(Address account, String name, Set<Role> roles) {
        return new GovernanceProposal(ProposalKind.ADD_AUTHORITY, account, name, roles, 0, 0, 0);
    }

    public static GovernanceProposal removeAuthority(Address account) {
        return new GovernanceProposal(ProposalKind.REMOVE_AUTHORITY, account, "", Set.of(), 0, 0, 0);
    }

    public static GovernanceProposal setAuthorityRoles(Address account, Set<Role> roles) {
        return new GovernanceProposal(ProposalKind.SET_AUTHORITY_ROLES, account, "", roles, 0, 0, 0);
    }

    public static GovernanceProposal addRegistrar(Address account, Set<Role> roles) {
        return new GovernanceProposal(ProposalKind.ADD_REGISTRAR, account, "", roles, 0, 0, 0);
    }

    public static GovernanceProposal removeRegistrar(Address account) {
        return new GovernanceProposal(ProposalKind.REMOVE_REGISTRAR, account, "", Set.of(), 0, 0, 0);
    }

    public static GovernanceProposal setThresholds(int grant, int revocation, int governance) {
        return new GovernanceProposal(ProposalKind.SET_THRESHOLDS, null, "", Set.of(), grant, revocation, governance);
    }
}
