package org.bcpki.gateway.identity;

import java.time.Instant;

/**
 * How fresh a verifier's view is: the last block it verified (or, for X.509, the CRL number) and when
 * that block was produced. The gateway reports it; deciding STALE_VIEW is the verifier's job.
 */
public record ViewStatus(long lastVerifiedBlock, String blockHash, Instant blockTime) {}
