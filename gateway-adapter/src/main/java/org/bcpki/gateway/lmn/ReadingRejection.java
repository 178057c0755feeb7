package org.bcpki.gateway.lmn;

/**
 * Why a well-framed reading was rejected before the identity check. Identity rejections use the
 * verifier's {@link org.bcpki.core.identity.Decision} name (UNKNOWN, REVOKED, STALE_VIEW, ...).
 */
public enum ReadingRejection {
    /** The frame's payload is not an SML file with one signed reading. */
    MALFORMED_SML,
    /**
     * The server ID is not written in canonical form (e.g. lower-case manufacturer letters): the
     * signature covers the canonical ID, so another spelling would replay the reading as another meter.
     */
    NON_CANONICAL_ID,
    /** The reading names its key by hash, and the meter never presented that key in full. */
    KEY_NOT_PRESENTED,
    /** The signature does not verify with the presented key. */
    BAD_SIGNATURE,
    /** The counter is not above the last accepted one: a replayed or reordered reading. */
    REPLAY
}
