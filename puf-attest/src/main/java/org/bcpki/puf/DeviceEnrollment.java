package org.bcpki.puf;

import java.util.Arrays;
import java.util.HexFormat;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;

/**
 * Everything public that enrollment produces: the record for the chain, the helper data and key
 * check the device needs to rebuild its key, and the public keys. The constructor checks that the
 * parts belong together, so an inconsistent enrollment cannot exist.
 */
public record DeviceEnrollment(EnrollmentRecord record, HelperData helperData, byte[] keyCheck,
                               byte[] signingPublicKey, byte[] classicPublicKey) {
    public DeviceEnrollment {
        if (!Arrays.equals(record.helperDataHash(), helperData.hash())) {
            throw new PufException(PufException.Kind.HELPER_DATA_ALTERED,
                    "helper data does not match the enrolled helperDataHash "
                            + HexFormat.of().formatHex(record.helperDataHash()));
        }
        if (record.algorithm() != KeyAlgorithm.ML_DSA_65) {
            throw new IllegalArgumentException("PUF identities sign with ML-DSA-65, record says " + record.algorithm());
        }
        if (!Arrays.equals(record.keyHash(), SignatureSuite.keyHash(signingPublicKey))) {
            throw new IllegalArgumentException("the signing public key does not match the record's keyHash");
        }
        SignatureSuite.of(KeyAlgorithm.ML_DSA_65).decodePublicKey(signingPublicKey);
        SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1).decodePublicKey(classicPublicKey);
        if (keyCheck == null || keyCheck.length != KeyDerivation.SEED_LENGTH) {
            throw new IllegalArgumentException("the key check value must be 32 bytes");
        }
        keyCheck = keyCheck.clone();
        signingPublicKey = signingPublicKey.clone();
        classicPublicKey = classicPublicKey.clone();
    }

    @Override
    public byte[] keyCheck() {
        return keyCheck.clone();
    }

    @Override
    public byte[] signingPublicKey() {
        return signingPublicKey.clone();
    }

    @Override
    public byte[] classicPublicKey() {
        return classicPublicKey.clone();
    }

    public byte[] attestationHash() {
        return record.attestationHash();
    }
}
