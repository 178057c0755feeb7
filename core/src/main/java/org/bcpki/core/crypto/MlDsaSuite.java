package org.bcpki.core.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import org.bouncycastle.jcajce.interfaces.MLDSAPrivateKey;
import org.bouncycastle.jcajce.spec.MLDSAParameterSpec;
import org.bouncycastle.jcajce.spec.MLDSAPrivateKeySpec;

/** ML-DSA (FIPS 204); the seed is FIPS 204's 32-byte key generation seed ξ. */
final class MlDsaSuite extends SignatureSuite {
    private final MLDSAParameterSpec parameters;

    MlDsaSuite(KeyAlgorithm algorithm) {
        super(algorithm);
        this.parameters = switch (algorithm) {
            case ML_DSA_44 -> MLDSAParameterSpec.ml_dsa_44;
            case ML_DSA_65 -> MLDSAParameterSpec.ml_dsa_65;
            case ML_DSA_87 -> MLDSAParameterSpec.ml_dsa_87;
            default -> throw new IllegalArgumentException(algorithm + " is not ML-DSA");
        };
    }

    @Override
    String keyFactoryName() {
        return "ML-DSA";
    }

    @Override
    String signatureName() {
        return algorithm().displayName();
    }

    @Override
    KeyPair derive(byte[] seed) throws GeneralSecurityException {
        MLDSAPrivateKey privateKey = (MLDSAPrivateKey) KeyFactory.getInstance("ML-DSA", BC)
                .generatePrivate(new MLDSAPrivateKeySpec(parameters, seed));
        return new KeyPair(privateKey.getPublicKey(), privateKey);
    }
}
