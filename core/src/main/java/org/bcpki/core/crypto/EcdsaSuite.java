package org.bcpki.core.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;

/**
 * ECDSA on secp256k1, P-256 and the Brainpool curves, DER-encoded signatures.
 *
 * <p>Seed to key: {@code d = 1 + (SHA-512("bcpki/ecdsa-seed/v1/" || curve || seed) mod (n - 1))}.
 * SHA-512 leaves at least 128 spare bits over every supported order, so the bias is negligible.
 */
final class EcdsaSuite extends SignatureSuite {
    private static final String KDF_TAG = "bcpki/ecdsa-seed/v1/";

    private final String curveName;
    private final String signatureName;

    EcdsaSuite(KeyAlgorithm algorithm) {
        super(algorithm);
        this.curveName = switch (algorithm) {
            case ECDSA_SECP256K1 -> "secp256k1";
            case ECDSA_P256 -> "secp256r1";
            case ECDSA_BRAINPOOLP256R1 -> "brainpoolP256r1";
            case ECDSA_BRAINPOOLP384R1 -> "brainpoolP384r1";
            default -> throw new IllegalArgumentException(algorithm + " is not ECDSA");
        };
        // TR-03116-3 pairs brainpoolP384r1 with SHA-384; the 256-bit curves use SHA-256.
        this.signatureName = algorithm == KeyAlgorithm.ECDSA_BRAINPOOLP384R1 ? "SHA384withECDSA" : "SHA256withECDSA";
    }

    @Override
    String keyFactoryName() {
        return "EC";
    }

    @Override
    String signatureName() {
        return signatureName;
    }

    @Override
    KeyPair derive(byte[] seed) throws GeneralSecurityException {
        ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec(curveName);
        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update((KDF_TAG + curveName + "/").getBytes(StandardCharsets.US_ASCII));
        sha512.update(seed);
        BigInteger n = curve.getN();
        BigInteger d = new BigInteger(1, sha512.digest()).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        KeyFactory factory = KeyFactory.getInstance("EC", BC);
        return new KeyPair(
                factory.generatePublic(new ECPublicKeySpec(curve.getG().multiply(d).normalize(), curve)),
                factory.generatePrivate(new ECPrivateKeySpec(d, curve)));
    }
}
