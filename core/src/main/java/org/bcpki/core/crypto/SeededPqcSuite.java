package org.bcpki.core.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.AlgorithmParameterSpec;
import org.bouncycastle.jcajce.spec.SLHDSAParameterSpec;
import org.bouncycastle.pqc.jcajce.spec.FalconParameterSpec;

/**
 * SLH-DSA and Falcon, whose JCA key generators take no seed spec: the seed drives a SHAKE256 stream
 * that the generator consumes as its randomness, which makes the pair a function of the seed.
 */
final class SeededPqcSuite extends SignatureSuite {
    private final AlgorithmParameterSpec parameters;

    SeededPqcSuite(KeyAlgorithm algorithm) {
        super(algorithm);
        this.parameters = switch (algorithm) {
            case SLH_DSA_SHA2_128S -> SLHDSAParameterSpec.slh_dsa_sha2_128s;
            case SLH_DSA_SHA2_128F -> SLHDSAParameterSpec.slh_dsa_sha2_128f;
            case FALCON_512 -> FalconParameterSpec.falcon_512;
            default -> throw new IllegalArgumentException(algorithm + " is not SLH-DSA or Falcon");
        };
    }

    @Override
    String keyFactoryName() {
        return algorithm() == KeyAlgorithm.FALCON_512 ? "FALCON" : "SLH-DSA";
    }

    @Override
    String signatureName() {
        return algorithm().displayName();
    }

    @Override
    KeyPair derive(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm().displayName(), BC);
        generator.initialize(parameters, new SeededRandom("bcpki/pqc-seed/v1/" + algorithm().displayName(), seed));
        return generator.generateKeyPair();
    }
}
