package org.bcpki.mirror;

import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.identity.Decision;

/**
 * An identity decision and its evidence: the verified block it rests on (null when there is none),
 * the bytes fetched to prove it (0 when answered from the cache), how long it took, and why when
 * the decision is not GRANTED for a reason beyond the record itself.
 */
public record CheckResult(Decision decision, long blockNumber, Bytes32 blockHash, int proofBytes, long micros,
        boolean fromCache, String detail) {
    public double millis() {
        return micros / 1000.0;
    }
}
