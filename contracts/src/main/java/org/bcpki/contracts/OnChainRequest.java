package org.bcpki.contracts;

/** A grant request as the registry stores it; approvals and rejections are authority-index bitmaps. */
public record OnChainRequest(State state, int role, int algorithm, long approvals, long rejections,
                             long notBefore, long notAfter, long pendingUntil, byte[] subjectId, byte[] keyHash,
                             byte[] attestationHash) {

    /** The contract's REQUEST_* codes. */
    public enum State {
        NONE, PENDING, ACTIVATED, REJECTED;

        public static State fromCode(int code) {
            if (code < 0 || code >= values().length) {
                throw new IllegalArgumentException("unknown request state " + code);
            }
            return values()[code];
        }
    }

    /** When the request stops being approvable (and anyone may close it): min(notAfter, pendingUntil). */
    public long deadline() {
        return Math.min(notAfter, pendingUntil);
    }

    public int approvalCount() {
        return Long.bitCount(approvals);
    }

    public int rejectionCount() {
        return Long.bitCount(rejections);
    }
}
