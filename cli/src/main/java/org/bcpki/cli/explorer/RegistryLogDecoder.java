package org.bcpki.cli.explorer;

import java.math.BigInteger;
import java.util.Map;
import java.util.function.Function;
import org.bcpki.contracts.ProposalKind;
import org.bcpki.contracts.generated.IdentityRegistry;
import org.bcpki.core.codec.Hex;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;

/** Turns the registry's logs (from eth_getLogs) into {@link RegistryEvent}s with the generated wrapper's decoders. */
final class RegistryLogDecoder {
    private static final Map<String, Function<Log, RegistryEvent>> BY_TOPIC = Map.ofEntries(
            entry(IdentityRegistry.GRANTREQUESTED_EVENT, l -> {
                var e = IdentityRegistry.getGrantRequestedEventFromLog(l);
                return event(l, "GrantRequested", e.subjectId, e.requestId, 0, e.registrar,
                        "role " + Names.role(e.role.intValue()) + ", " + Names.algorithm(e.algorithm.intValue()));
            }),
            entry(IdentityRegistry.GRANTAPPROVED_EVENT, l -> {
                var e = IdentityRegistry.getGrantApprovedEventFromLog(l);
                return event(l, "GrantApproved", null, e.requestId, 0, e.authority, e.approvals + " approvals");
            }),
            entry(IdentityRegistry.GRANTREJECTED_EVENT, l -> {
                var e = IdentityRegistry.getGrantRejectedEventFromLog(l);
                return event(l, "GrantRejected", null, e.requestId, 0, e.authority,
                        e.rejections + " rejections: " + e.reason);
            }),
            entry(IdentityRegistry.REQUESTCLOSED_EVENT, l -> {
                var e = IdentityRegistry.getRequestClosedEventFromLog(l);
                return event(l, "RequestClosed", null, e.requestId, 0, null, "closed unapproved");
            }),
            entry(IdentityRegistry.GRANTACTIVATED_EVENT, l -> {
                var e = IdentityRegistry.getGrantActivatedEventFromLog(l);
                return event(l, "GrantActivated", e.subjectId, e.requestId, 0, null, "version " + e.version);
            }),
            entry(IdentityRegistry.GRANTSUPERSEDED_EVENT, l -> {
                var e = IdentityRegistry.getGrantSupersededEventFromLog(l);
                return event(l, "GrantSuperseded", e.subjectId, null, 0, null, "version " + e.version + " replaced");
            }),
            entry(IdentityRegistry.REVOCATIONVOTED_EVENT, l -> {
                var e = IdentityRegistry.getRevocationVotedEventFromLog(l);
                return event(l, "RevocationVoted", e.subjectId, null, 0, e.authority, e.votes + " votes: " + e.reason);
            }),
            entry(IdentityRegistry.GRANTREVOKED_EVENT, l -> {
                var e = IdentityRegistry.getGrantRevokedEventFromLog(l);
                return event(l, "GrantRevoked", e.subjectId, null, 0, null, "version " + e.version + ": " + e.reason);
            }),
            entry(IdentityRegistry.GRANTSUSPENDED_EVENT, l -> {
                var e = IdentityRegistry.getGrantSuspendedEventFromLog(l);
                return event(l, "GrantSuspended", e.subjectId, null, 0, e.authority, e.reason);
            }),
            entry(IdentityRegistry.GRANTRESUMED_EVENT, l -> {
                var e = IdentityRegistry.getGrantResumedEventFromLog(l);
                return event(l, "GrantResumed", e.subjectId, null, 0, e.authority, "version " + e.version);
            }),
            entry(IdentityRegistry.ENROLLMENTANCHORED_EVENT, l -> {
                var e = IdentityRegistry.getEnrollmentAnchoredEventFromLog(l);
                return event(l, "EnrollmentAnchored", e.subjectId, null, 0, e.enroller,
                        "attestation " + Hex.data(e.attestationHash));
            }),
            entry(IdentityRegistry.PROPOSALCREATED_EVENT, l -> {
                var e = IdentityRegistry.getProposalCreatedEventFromLog(l);
                return event(l, "ProposalCreated", null, null, e.proposalId.longValue(), e.proposer,
                        Names.proposalKind(e.kind.intValue()) + " " + e.target);
            }),
            entry(IdentityRegistry.PROPOSALAPPROVED_EVENT, l -> {
                var e = IdentityRegistry.getProposalApprovedEventFromLog(l);
                return event(l, "ProposalApproved", null, null, e.proposalId.longValue(), e.authority,
                        e.approvals + " approvals");
            }),
            entry(IdentityRegistry.PROPOSALEXECUTED_EVENT, l -> {
                var e = IdentityRegistry.getProposalExecutedEventFromLog(l);
                return event(l, "ProposalExecuted", null, null, e.proposalId.longValue(), null, "executed");
            }),
            entry(IdentityRegistry.AUTHORITYADDED_EVENT, l -> {
                var e = IdentityRegistry.getAuthorityAddedEventFromLog(l);
                return governance(l, "AuthorityAdded", e.authority, "authority " + e.name + " (index " + e.index + ")");
            }),
            entry(IdentityRegistry.AUTHORITYREMOVED_EVENT, l -> governance(l, "AuthorityRemoved",
                    IdentityRegistry.getAuthorityRemovedEventFromLog(l).authority, "authority removed")),
            entry(IdentityRegistry.AUTHORITYROLESCHANGED_EVENT, l -> {
                var e = IdentityRegistry.getAuthorityRolesChangedEventFromLog(l);
                return governance(l, "AuthorityRolesChanged", e.authority, "roles mask " + e.roles);
            }),
            entry(IdentityRegistry.REGISTRARADDED_EVENT, l -> {
                var e = IdentityRegistry.getRegistrarAddedEventFromLog(l);
                return governance(l, "RegistrarAdded", e.registrar, "registrar, roles mask " + e.roles);
            }),
            entry(IdentityRegistry.REGISTRARREMOVED_EVENT, l -> governance(l, "RegistrarRemoved",
                    IdentityRegistry.getRegistrarRemovedEventFromLog(l).registrar, "registrar removed")),
            entry(IdentityRegistry.REGISTRARROLESCHANGED_EVENT, l -> {
                var e = IdentityRegistry.getRegistrarRolesChangedEventFromLog(l);
                return governance(l, "RegistrarRolesChanged", e.registrar, "roles mask " + e.roles);
            }),
            entry(IdentityRegistry.ENROLLERADDED_EVENT, l -> governance(l, "EnrollerAdded",
                    IdentityRegistry.getEnrollerAddedEventFromLog(l).enroller, "enroller")),
            entry(IdentityRegistry.ENROLLERREMOVED_EVENT, l -> governance(l, "EnrollerRemoved",
                    IdentityRegistry.getEnrollerRemovedEventFromLog(l).enroller, "enroller removed")),
            entry(IdentityRegistry.THRESHOLDSCHANGED_EVENT, l -> {
                var e = IdentityRegistry.getThresholdsChangedEventFromLog(l);
                return governance(l, "ThresholdsChanged", null, "grant " + e.grantThreshold + ", revocation "
                        + e.revocationThreshold + ", governance " + e.governanceThreshold);
            }),
            entry(IdentityRegistry.MAXVALIDITYCHANGED_EVENT, l -> {
                var e = IdentityRegistry.getMaxValidityChangedEventFromLog(l);
                return governance(l, "MaxValidityChanged", null, Names.role(e.role.intValue()) + " at most "
                        + e.maxValidity + " s");
            }),
            entry(IdentityRegistry.REQUESTTTLCHANGED_EVENT, l -> governance(l, "RequestTtlChanged", null,
                    "requests approvable for " + IdentityRegistry.getRequestTtlChangedEventFromLog(l).requestTtl + " s")));

    private RegistryLogDecoder() {}

    /** The event a log records; a log that does not decode (a hostile or broken node) is kept, named as such. */
    static RegistryEvent decode(Log log) {
        String topic = log.getTopics() == null || log.getTopics().isEmpty() ? "" : log.getTopics().get(0);
        Function<Log, RegistryEvent> decoder = BY_TOPIC.get(topic);
        try {
            return decoder == null ? event(log, "UnknownLog", null, null, 0, null, "topic " + topic) : decoder.apply(log);
        } catch (RuntimeException e) {
            return new RegistryEvent(-1, log.getTransactionHash(), "UndecodableLog", null, null, 0, null,
                    String.valueOf(e.getMessage()));
        }
    }

    private static Map.Entry<String, Function<Log, RegistryEvent>> entry(Event event, Function<Log, RegistryEvent> f) {
        return Map.entry(EventEncoder.encode(event), f);
    }

    private static RegistryEvent governance(Log log, String name, String account, String detail) {
        return event(log, name, null, null, 0, account, detail);
    }

    private static RegistryEvent event(Log log, String name, byte[] subject, byte[] request, long proposal, String actor,
            String detail) {
        BigInteger block = log.getBlockNumber();
        return new RegistryEvent(block == null ? -1 : block.longValue(), log.getTransactionHash(), name,
                subject == null ? null : Hex.data(subject), request == null ? null : Hex.data(request), proposal, actor,
                detail);
    }

    /** Display names of the registry's codes; an unknown code is shown as its number. */
    static final class Names {
        private Names() {}

        static String role(int code) {
            try {
                return org.bcpki.core.identity.Role.fromCode(code).name();
            } catch (IllegalArgumentException e) {
                return "code " + code;
            }
        }

        static String algorithm(int code) {
            try {
                return org.bcpki.core.crypto.KeyAlgorithm.fromCode(code).displayName();
            } catch (IllegalArgumentException e) {
                return "code " + code;
            }
        }

        static String proposalKind(int code) {
            for (ProposalKind kind : ProposalKind.values()) {
                if (kind.code() == code) {
                    return kind.name();
                }
            }
            return "kind " + code;
        }
    }
}
