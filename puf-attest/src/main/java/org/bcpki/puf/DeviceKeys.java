package org.bcpki.puf;

import java.security.KeyPair;
import java.util.EnumMap;
import java.util.Map;
import org.bcpki.core.crypto.SignatureSuite;

/**
 * The key pairs of one device, derived from its reconstructed 32-byte seed, one per purpose, each
 * computed when first asked for. Holds secrets: keep it only as long as the keys are needed.
 */
public final class DeviceKeys {
    private final byte[] deviceSeed;
    private final Map<KeyPurpose, KeyPair> pairs = new EnumMap<>(KeyPurpose.class);

    public DeviceKeys(byte[] deviceSeed) {
        if (deviceSeed == null || deviceSeed.length != KeyDerivation.SEED_LENGTH) {
            throw new IllegalArgumentException("a device seed has 32 bytes");
        }
        this.deviceSeed = deviceSeed.clone();
    }

    public synchronized KeyPair keyPair(KeyPurpose purpose) {
        return pairs.computeIfAbsent(purpose, p -> SignatureSuite.of(p.algorithm())
                .fromSeed(KeyDerivation.purposeSeed(deviceSeed, p)));
    }

    /** The ML-DSA-65 signing and attestation key pair. */
    public KeyPair signing() {
        return keyPair(KeyPurpose.SIGNING_ML_DSA_65);
    }

    /** The ECDSA brainpoolP256r1 key pair of the classic comparison. */
    public KeyPair classic() {
        return keyPair(KeyPurpose.SIGNING_ECDSA_BRAINPOOLP256R1);
    }

    /** SPKI DER of the public key for a purpose. */
    public byte[] publicKey(KeyPurpose purpose) {
        return SignatureSuite.of(purpose.algorithm()).encodePublicKey(keyPair(purpose).getPublic());
    }
}
