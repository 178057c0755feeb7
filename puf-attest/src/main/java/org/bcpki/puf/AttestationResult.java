package org.bcpki.puf;

/** A verifier's verdict: valid, or the first reason it is not, with a sentence for logs and users. */
public record AttestationResult(Reason reason, String detail) {
    public enum Reason {
        VALID,
        /** The registered public key does not hash to the record's keyHash, or is not ML-DSA-65. */
        WRONG_KEY,
        /** The evidence names another enrollment (attestationHash differs). */
        WRONG_ENROLLMENT,
        /** The evidence answers another nonce than the one challenged. */
        WRONG_NONCE,
        /** The evidence was made for another context. */
        WRONG_CONTEXT,
        /** The signature does not verify under the registered key. */
        BAD_SIGNATURE,
        /** This nonce was already accepted once. */
        REPLAY
    }

    public boolean valid() {
        return reason == Reason.VALID;
    }

    static AttestationResult valid(String detail) {
        return new AttestationResult(Reason.VALID, detail);
    }

    static AttestationResult invalid(Reason reason, String detail) {
        return new AttestationResult(reason, detail);
    }
}
