package org.bcpki.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import org.bouncycastle.jcajce.CompositePrivateKey;
import org.bouncycastle.jcajce.CompositePublicKey;

/**
 * Composite ML-DSA-65 + ECDSA brainpoolP256r1: both signatures must hold. From a seed, each component
 * gets its own sub-seed, {@code SHA-256("bcpki/composite/v1/" || component || seed)}.
 */
final class CompositeSuite extends SignatureSuite {
    CompositeSuite(KeyAlgorithm algorithm) {
        super(algorithm);
    }

    @Override
    String keyFactoryName() {
        return algorithm().displayName();
    }

    @Override
    String signatureName() {
        return algorithm().displayName();
    }

    @Override
    KeyPair derive(byte[] seed) throws GeneralSecurityException {
        KeyPair mlDsa = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).derive(subSeed("ML-DSA-65", seed));
        KeyPair ecdsa = SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1).derive(subSeed("brainpoolP256r1", seed));
        String name = algorithm().displayName();
        CompositePublicKey publicKey = CompositePublicKey.builder(name)
                .addPublicKey(mlDsa.getPublic()).addPublicKey(ecdsa.getPublic()).build();
        CompositePrivateKey privateKey = CompositePrivateKey.builder(name)
                .addPrivateKey(mlDsa.getPrivate()).addPrivateKey(ecdsa.getPrivate()).build();
        return new KeyPair(publicKey, privateKey);
    }

    private static byte[] subSeed(String component, byte[] seed) throws GeneralSecurityException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(("bcpki/composite/v1/" + component + "/").getBytes(StandardCharsets.US_ASCII));
        return sha256.digest(seed);
    }
}
