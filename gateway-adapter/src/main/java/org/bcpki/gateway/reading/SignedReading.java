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
        byte[] spki = SignatureSuite.of(algorithm).encodePublicKey(keyPair.getPublic());
        return sign(reading, algorithm, keyPair,
                includeKey ? KeyReference.spki(spki) : KeyReference.hash(SignatureSuite.keyHash(spki)));
    }

    /** Signs {@code reading}, presenting the key as {@code presented}, which must name this key pair's key. */
    public static SignedReading sign(Reading reading, KeyAlgorithm algorithm, KeyPair keyPair, KeyReference presented) {
        SignatureSuite suite = SignatureSuite.of(algorithm);
        byte[] keyHash = SignatureSuite.keyHash(suite.encodePublicKey(keyPair.getPublic()));
        if (!java.util.Arrays.equals(keyHash, presented.keyHash())) {
            throw new IllegalArgumentException("the presented key (or certificate) is not the signing key");
        }
        byte[] signature = suite.sign(keyPair.getPrivate(), reading.signedContent(algorithm, keyHash));
        return new SignedReading(reading, algorithm, presented, signature);
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
