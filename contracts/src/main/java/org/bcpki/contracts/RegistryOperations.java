package org.bcpki.contracts;

import java.io.IOException;
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
    String registryAddress();

    TxOutcome requestGrant(GrantSubmission submission) throws RegistryRejectedException, IOException;

    TxOutcome approve(byte[] requestId) throws RegistryRejectedException, IOException;

    TxOutcome reject(byte[] requestId, String reason) throws RegistryRejectedException, IOException;

    TxOutcome revoke(byte[] subjectId, String reason) throws RegistryRejectedException, IOException;

    /** Closes a pending request whose notAfter has passed on chain (releases a new subject's staged record). */
    TxOutcome closeExpired(byte[] requestId) throws RegistryRejectedException, IOException;

    /** The request as stored ({@code requests(id)}); state NONE when unknown. */
    OnChainRequest request(byte[] requestId) throws IOException;

    /** The subject's grant record read slot by slot (eth_getStorageAt) through RegistryLayout. */
    GrantRecord grant(SubjectId subject) throws IOException;
}
