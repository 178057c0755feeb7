package org.bcpki.authority;

import org.bcpki.core.crypto.KeyAlgorithm;

/** A registered client of the service: a registrar or an operator, with its signing key (SPKI DER). */
public record Caller(String keyId, Kind kind, KeyAlgorithm algorithm, byte[] publicKey) {
    public enum Kind {
        /** Submits grant requests. */
        REGISTRAR,
        /** Runs the authority: may also revoke. */
        OPERATOR
    }

    public Caller {
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }
}
