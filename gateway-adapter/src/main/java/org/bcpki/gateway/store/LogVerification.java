package org.bcpki.gateway.store;

/**
 * The result of checking the log's hash chain: how many entries were checked, and the first broken
 * entry with the problem when it is not intact. {@code headHash} is the last good hash: anchoring it
 * elsewhere (the status endpoint shows it) also protects the tail against truncation.
 */
public record LogVerification(boolean intact, long entries, long firstBrokenSeq, String problem, String headHash) {}
