package org.bcpki.chain.net;

import org.bcpki.core.MalformedDataException;

/** What a peer request carries (first field of a signed peer payload). */
public enum PeerMessageKind {
    /** A signed QBFT message (validators only). */
    QBFT(1),
    /** Raw signed transactions to add to the pool. */
    TRANSACTIONS(2),
    /** A newly finalised block, seals included. */
    NEW_BLOCK(3),
    /** Asks for the peer's head: answered with RLP [number, hash]. */
    STATUS(4),
    /** Asks for finalised blocks: body RLP [from, count], answered with a list of encoded blocks. */
    GET_BLOCKS(5);

    public final int code;

    PeerMessageKind(int code) {
        this.code = code;
    }

    public static PeerMessageKind of(int code) {
        for (PeerMessageKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new MalformedDataException("unknown peer message kind " + code);
    }
}
