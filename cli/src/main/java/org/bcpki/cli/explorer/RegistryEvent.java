package org.bcpki.cli.explorer;

/**
 * One IdentityRegistry log, decoded. {@code subjectId} and {@code requestId} are 0x hex or null,
 * {@code proposalId} is 0 when the event is about no proposal; {@code actor} is the authority,
 * registrar or proposer it names (or null); {@code detail} is a short human-readable summary.
 */
record RegistryEvent(long block, String transaction, String name, String subjectId, String requestId, long proposalId,
        String actor, String detail) {
}
