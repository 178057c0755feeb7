package org.bcpki.contracts;

import java.io.IOException;
import java.util.Optional;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;

/**
 * What services and tools do with the IdentityRegistry, as one account. Every write is checked
 * with eth_call first, so a rule the contract would enforce comes back as a
 * {@link RegistryRejectedException} naming the custom error, and nothing is sent; an unreachable
 * node is an {@link IOException} (retry later).
 */
public interface RegistryOperations {

    /** The result of a mined transaction. */
    record TxOutcome(String transactionHash, long blockNumber, long gasUsed) {}

    /** The account (0x address) this client sends from. */
    String account();

    /** The registry contract's address. */
    Address registryAddress();

    TxOutcome requestGrant(GrantSubmission submission) throws RegistryRejectedException, IOException;

    TxOutcome approve(byte[] requestId) throws RegistryRejectedException, IOException;

    TxOutcome reject(byte[] requestId, String reason) throws RegistryRejectedException, IOException;

    TxOutcome revoke(SubjectId subject, String reason) throws RegistryRejectedException, IOException;

    /** Closes a pending request past its deadline (min of notAfter and pendingUntil) on chain; releases a new subject's staged record. */
    TxOutcome closeExpired(byte[] requestId) throws RegistryRejectedException, IOException;

    /** Anchors a device's enrollment record hash for its subject (the caller must be an enroller). */
    TxOutcome anchorEnrollment(SubjectId subject, byte[] attestationHash) throws RegistryRejectedException, IOException;

    /** The subject's anchored enrollment; empty when none was anchored. */
    Optional<AnchoredEnrollment> anchoredEnrollment(SubjectId subject) throws IOException;

    /** Whether a grant with this key hash was ever revoked (the registry then refuses the key for good). */
    boolean keyRevoked(byte[] keyHash) throws IOException;

    /** The request as stored ({@code requests(id)}); state NONE when unknown. */
    OnChainRequest request(byte[] requestId) throws IOException;

    /** Suspends an active grant at once (reversible; the authority must be allowed for its role). */
    TxOutcome suspend(SubjectId subject, String reason) throws RegistryRejectedException, IOException;

    /** Reinstates a suspended grant (the registry's {@code resume}). */
    TxOutcome reinstate(SubjectId subject) throws RegistryRejectedException, IOException;

    /** A proposal's state right after a proposal or an approval was mined: approvals counted and whether it executed. */
    record ProposalOutcome(TxOutcome tx, long proposalId, int approvals, boolean executed) {}

    /** Proposes a governance change; this authority's approval counts at once. */
    ProposalOutcome propose(GovernanceProposal proposal) throws RegistryRejectedException, IOException;

    /** Approves proposal {@code id}; the one that reaches the governance threshold executes it. */
    ProposalOutcome approveProposal(long id) throws RegistryRejectedException, IOException;

    /** How many proposals were ever made (ids are 1 to this). */
    long proposalCount() throws IOException;

    /** Proposal {@code id}; empty when there is none. */
    Optional<ProposalState> proposal(long id) throws IOException;

    /** The subject's grant record read slot by slot (eth_getStorageAt) through RegistryLayout. */
    GrantRecord grant(SubjectId subject) throws IOException;
}
