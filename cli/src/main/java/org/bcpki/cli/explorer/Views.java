package org.bcpki.cli.explorer;

import java.util.List;
import org.bcpki.contracts.OnChainRequest;
import org.bcpki.core.registry.GrantRecord;

/** The registry state the page shows, each read from the chain when an event touched it. */
final class Views {
    private Views() {}

    /** A subject's grant record (eth_call recordOf) and who approved the request that activated it. */
    record Subject(String subjectId, GrantRecord record, String activatingRequest, List<String> approvers,
            long lastBlock) {}

    /** A grant request (eth_call requests) with the authorities whose approvals the logs name. */
    record Request(String requestId, OnChainRequest request, List<String> approvers, long lastBlock) {}

    /** A governance proposal (eth_call proposals). */
    record Proposal(long id, String kind, boolean executed, int approvals, String target, String name, long lastBlock) {}

    /** A validator vote carried in a block's extraData. */
    record ValidatorVote(long block, String proposer, String subject, boolean add) {}

    /** One gateway's status endpoint as last read: its JSON fields, or why it could not be read. */
    record Gateway(String url, java.util.Map<String, Object> status, String error) {}
}
