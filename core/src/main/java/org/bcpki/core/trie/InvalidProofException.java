package org.bcpki.core.trie;

import org.bcpki.core.MalformedDataException;

/** A Merkle-Patricia proof that proves neither the presence nor the absence of its key. */
public final class InvalidProofException extends MalformedDataException {
    public InvalidProofException(String message) {
        super(message);
    }

    public InvalidProofException(String message, Throwable cause) {
        super(message, cause);
    }
}
