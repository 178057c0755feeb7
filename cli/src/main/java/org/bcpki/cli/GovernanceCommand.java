package org.bcpki.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bcpki.contracts.GovernanceProposal;
import org.bcpki.contracts.ProposalKind;
import org.bcpki.contracts.ProposalState;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistryOperations.ProposalOutcome;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.Role;
import org.web3j.protocol.Web3j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bcpki governance}: who is an authority or registrar, and the thresholds, changed k of n on chain. */
@Command(name = "governance", mixinStandardHelpOptions = true,
        description = "Propose, approve and list changes of authorities, registrars and thresholds (as an authority).",
        subcommands = {GovernanceCommand.Propose.class, GovernanceCommand.Approve.class, GovernanceCommand.ListProposals.class})
final class GovernanceCommand {
    private GovernanceCommand() {}

    @Command(name = "propose", mixinStandardHelpOptions = true,
            description = "Propose a change; your approval counts at once, and it executes at the governance threshold.")
    static final class Propose extends GrantCommand.ChainAction {
        @Parameters(index = "0", paramLabel = "KIND",
                description = "add-authority, remove-authority, set-roles, add-registrar, remove-registrar or set-thresholds.")
        String kind;
        @Option(names = "--account", paramLabel = "0xADDRESS", description = "The authority or registrar account changed.")
        String account;
        @Option(names = "--name", description = "A new authority's name (add-authority).")
        String name;
        @Option(names = "--roles", split = ",", paramLabel = "ROLE", description = "Roles, comma-separated (meter, smgw, emt, …).")
        List<String> roles;
        @Option(names = "--grant", paramLabel = "K", description = "Approvals a grant needs (set-thresholds).")
        Integer grant;
        @Option(names = "--revocation", paramLabel = "R", description = "Votes a revocation needs (set-thresholds).")
        Integer revocation;
        @Option(names = "--governance", paramLabel = "G", description = "Approvals a proposal needs (set-thresholds).")
        Integer governance;

        @Override
        Map<String, Object> act(Web3j web3j) throws Exception {
            GovernanceProposal proposal = proposal();
            ProposalOutcome outcome = chain.signingClient(web3j).propose(proposal);
            Map<String, Object> result = outcome(outcome);
            result.put("kind", proposal.kind().label());
            return result;
        }

        private GovernanceProposal proposal() {
            try {
                return switch (kind) {
                    case "add-authority" -> GovernanceProposal.addAuthority(account(), required(name, "--name"), roles());
                    case "remove-authority" -> GovernanceProposal.removeAuthority(account());
                    case "set-roles" -> GovernanceProposal.setAuthorityRoles(account(), roles());
                    case "add-registrar" -> GovernanceProposal.addRegistrar(account(), roles());
                    case "remove-registrar" -> GovernanceProposal.removeRegistrar(account());
                    case "set-thresholds" -> GovernanceProposal.setThresholds(required(grant, "--grant"),
                            required(revocation, "--revocation"), required(governance, "--governance"));
                    default -> throw new UsageError("unknown proposal kind '" + kind + "': add-authority, remove-authority,"
                            + " set-roles, add-registrar, remove-registrar or set-thresholds");
                };
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
        }

        private Address account() {
            return GrantOptions.address(required(account, "--account"), "--account");
        }

        private Set<Role> roles() {
            Set<Role> parsed = EnumSet.noneOf(Role.class);
            for (String role : roles == null ? List.<String>of() : roles) {
                try {
                    parsed.add(Role.parse(role.trim()));
                } catch (IllegalArgumentException e) {
                    throw new UsageError("--roles: " + e.getMessage());
                }
            }
            return parsed;
        }

        private static <T> T required(T value, String option) {
            if (value == null) {
                throw new UsageError("this proposal needs " + option);
            }
            return value;
        }

        @Override
        String text(Map<String, Object> r) {
            return "proposal " + r.get("proposalId") + " (" + r.get("kind") + ") sent in tx " + r.get("transactionHash") + "; "
                    + r.get("approvals") + " approval(s), " + (Boolean.TRUE.equals(r.get("executed")) ? "executed" : "pending");
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a proposal; the approval that reaches the governance threshold executes it.")
    static final class Approve extends GrantCommand.ChainAction {
        @Parameters(index = "0", paramLabel = "ID", description = "The proposal id (see 'governance list').")
        long id;

        @Override
        Map<String, Object> act(Web3j web3j) throws Exception {
            if (id < 1) {
                throw new UsageError("a proposal id is 1 or more");
            }
            return outcome(chain.signingClient(web3j).approveProposal(id));
        }

        @Override
        String text(Map<String, Object> r) {
            return "approved proposal " + r.get("proposalId") + " in tx " + r.get("transactionHash") + "; "
                    + r.get("approvals") + " approval(s), " + (Boolean.TRUE.equals(r.get("executed")) ? "executed" : "pending");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registry's governance proposals.")
    static final class ListProposals extends GrantCommand.ChainAction {
        /** More than any consortium makes; a registry claiming more is listed in part, newest first. */
        static final int MAX_LISTED = 1_000;

        @Override
        Map<String, Object> act(Web3j web3j) throws Exception {
            RegistryClient registry = RegistryClient.readOnly(web3j, chain.registryAddress());
            long count = registry.proposalCount();
            List<Map<String, Object>> proposals = new ArrayList<>();
            for (long id = count; id >= 1 && count - id < MAX_LISTED; id--) {
                Optional<ProposalState> state = registry.proposal(id);
                state.ifPresent(p -> proposals.add(0, view(p)));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ok", true);
            result.put("count", count);
            result.put("proposals", proposals);
            return result;
        }

        private static Map<String, Object> view(ProposalState p) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", p.id());
            view.put("kind", p.kind().map(ProposalKind::label).orElse("kind-" + p.code()));
            view.put("executed", p.executed());
            view.put("approvals", p.approvals());
            view.put("target", p.target() == null ? null : p.target().toHex());
            if (!p.name().isEmpty()) {
                view.put("name", p.name());
            }
            if (!p.roles().isEmpty()) {
                view.put("roles", new TreeSet<>(p.roles().stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).toList()));
            }
            if (p.kind().equals(Optional.of(ProposalKind.SET_THRESHOLDS))) {
                view.put("thresholds", Map.of("grant", p.grantThreshold(), "revocation", p.revocationThreshold(),
                        "governance", p.governanceThreshold()));
            }
            return view;
        }

        @Override
        @SuppressWarnings("unchecked")
        String text(Map<String, Object> r) {
            StringBuilder out = new StringBuilder(r.get("count") + " proposal(s)");
            for (Map<String, Object> p : (List<Map<String, Object>>) r.get("proposals")) {
                out.append('\n').append(String.format("%4s %-17s %-9s %d approval(s) %s", p.get("id"), p.get("kind"),
                        Boolean.TRUE.equals(p.get("executed")) ? "executed" : "pending", p.get("approvals"),
                        p.get("target") == null ? p.get("thresholds") : p.get("target")));
            }
            return out.toString();
        }
    }

    static Map<String, Object> outcome(ProposalOutcome outcome) {
        Map<String, Object> result = ChainCall.tx(outcome.tx());
        result.put("proposalId", outcome.proposalId());
        result.put("approvals", outcome.approvals());
        result.put("executed", outcome.executed());
        return result;
    }
}
