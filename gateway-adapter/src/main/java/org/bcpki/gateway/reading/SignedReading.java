package org.bcpki.gateway.reading;

import java.security.KeyPair;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;

/** A reading with the meter's signature over {@link Reading#signedContent}, and its key reference. */
public record SignedReading(Reading reading, KeyAlgorithm algorithm, KeyReference key, byte[] signature) {
    public SignedReading {
        signature = signature.clone();
    }

    /** Signs {@code reading} with the meter's key pair, naming the key in full or by its hash. */
    public static SignedReading sign(Reading reading, KeyAlgorithm algorithm, KeyPair keyPair, boolean includeKey) {
        SignatureSuite suite = SignatureSuite.of(algorithm);
        byte[] spki = suite.encodePublicKey(keyPair.getPublic());
        byte[] keyHash = SignatureSuite.keyHash(spki);
        byte[] signature = suite.sign(keyPair.getPrivate(), reading.signedContent(algorithm, keyHash));
        return new SignedReading(reading, algorithm, includeKey ? KeyReference.spki(spki) : KeyReference.hash(keyHash),
                signature);
    }

    /** True when {@code spki} (whose hash the reference must match) verifies the signature. */
    public boolean verifiesWith(byte[] spki) {
        byte[] keyHash = SignatureSuite.keyHash(spki);
        if (!java.util.Arrays.equals(keyHash, key.keyHash())) {
            return false;
        }
        try {
            return SignatureSuite.of(algorithm).verify(spki, reading.signedContent(algorithm, keyHash), signature);
        } catch (IllegalArgumentException wrongAlgorithmOrMalformedKey) {
            return false;
        }
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
