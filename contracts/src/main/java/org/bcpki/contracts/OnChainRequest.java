package org.bcpki.contracts;

/** A grant request as the registry stores it; approvals and rejections are authority-index bitmaps. */
public record OnChainRequest(State state, int role, int algorithm, long approvals, long rejections,
                             long notBefore, long notAfter, byte[] subjectId, byte[] keyHash, byte[] attestationHash) {

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

    public int approvalCount() {
        return Long.bitCount(approvals);
    }

    public int rejectionCount() {
        return Long.bitCount(rejections);
    }
}
