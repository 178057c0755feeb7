package org.bcpki.core.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Key generation, signing, verification and public-key encoding for one {@link KeyAlgorithm}, over
 * Bouncy Castle's JCA provider. Public keys travel as X.509 SubjectPublicKeyInfo DER; the chain stores
 * {@link #keyHash(byte[]) keccak256} of that encoding.
 *
 * <p>Instances are stateless and thread-safe; get one with {@link #of(KeyAlgorithm)}.
 */
public abstract sealed class SignatureSuite
        permits EcdsaSuite, MlDsaSuite, SeededPqcSuite, CompositeSuite {

    public static final int SEED_LENGTH = 32;

    /** Bouncy Castle, created once; not registered globally so callers' JCA setup stays theirs. */
    static final Provider BC = new BouncyCastleProvider();

    private static final Map<KeyAlgorithm, SignatureSuite> SUITES = new EnumMap<>(KeyAlgorithm.class);

    static {
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            SUITES.put(algorithm, switch (algorithm) {
                case ECDSA_SECP256K1, ECDSA_P256, ECDSA_BRAINPOOLP256R1, ECDSA_BRAINPOOLP384R1 ->
                        new EcdsaSuite(algorithm);
                case ML_DSA_44, ML_DSA_65, ML_DSA_87 -> new MlDsaSuite(algorithm);
                case SLH_DSA_SHA2_128S, SLH_DSA_SHA2_128F, FALCON_512 -> new SeededPqcSuite(algorithm);
                case MLDSA65_ECDSA_BRAINPOOLP256R1 -> new CompositeSuite(algorithm);
            });
        }
    }

    private final KeyAlgorithm algorithm;

    SignatureSuite(KeyAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    public static SignatureSuite of(KeyAlgorithm algorithm) {
        return SUITES.get(algorithm);
    }

    /** The Bouncy Castle provider instance the suites use (for callers that need the same one). */
    public static Provider provider() {
        return BC;
    }

    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    /** A fresh random key pair: the derivation of {@link #fromSeed} applied to 32 random bytes. */
    public KeyPair generate(SecureRandom random) {
        byte[] seed = new byte[SEED_LENGTH];
        random.nextBytes(seed);
        return fromSeed(seed);
    }

    /** The key pair determined by a 32-byte seed: the same seed always gives the same pair. */
    public final KeyPair fromSeed(byte[] seed) {
        if (seed == null || seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("a key seed has " + SEED_LENGTH + " bytes, got "
                    + (seed == null ? "none" : seed.length));
        }
        try {
            return derive(seed.clone());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive a " + algorithm + " key pair from a seed", e);
        }
    }

    public byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance(signatureName(), BC);
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalArgumentException("not a " + algorithm + " private key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " signing failed", e);
        }
    }

    /** True when the signature is valid; false for any invalid or malformed signature. */
    public boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
        requireAlgorithm(key);
        try {
            Signature signature = Signature.getInstance(signatureName(), BC);
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalArgumentException("not a " + algorithm + " public key: " + e.getMessage(), e);
        } catch (java.security.SignatureException | RuntimeException e) {
            return false; // malformed signature encodings are simply invalid signatures
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " verification failed", e);
        }
    }

    /** Verifies against an SPKI-encoded public key. */
    public boolean verify(byte[] publicKeySpki, byte[] message, byte[] signature) {
        return verify(decodePublicKey(publicKeySpki), message, signature);
    }

    /** X.509 SubjectPublicKeyInfo DER of a key of this suite's algorithm. */
    public byte[] encodePublicKey(PublicKey key) {
        requireAlgorithm(key);
        return key.getEncoded();
    }

    /** Decodes SPKI DER, rejecting truncated input and keys of any other algorithm. */
    public PublicKey decodePublicKey(byte[] spki) {
        if (spki == null || spki.length == 0) {
            throw new IllegalArgumentException("empty public key");
        }
        KeyAlgorithm found = SpkiAlgorithms.identify(parseSpki(spki));
        if (found != algorithm) {
            throw new IllegalArgumentException("public key is " + found + ", expected " + algorithm);
        }
        try {
            return KeyFactory.getInstance(keyFactoryName(), BC).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("malformed " + algorithm + " public key: " + e.getMessage(), e);
        }
    }

    /** {@code keccak256(SPKI DER)}: the key hash the registry stores. */
    public static byte[] keyHash(byte[] spki) {
        return Keccak.keccak256(spki);
    }

    public byte[] keyHash(PublicKey key) {
        return keyHash(encodePublicKey(key));
    }

    /** Identifies the algorithm of any SPKI-encoded key this project supports. */
    public static KeyAlgorithm identify(byte[] spki) {
        return SpkiAlgorithms.identify(parseSpki(spki));
    }

    private void requireAlgorithm(java.security.Key key) {
        if (key == null) {
            throw new IllegalArgumentException("no key given");
        }
        KeyAlgorithm found = SpkiAlgorithms.identify(parseSpki(key.getEncoded()));
        if (found != algorithm) {
            throw new IllegalArgumentException("key is " + found + ", expected " + algorithm);
        }
    }

    private static SubjectPublicKeyInfo parseSpki(byte[] spki) {
        try {
            return SubjectPublicKeyInfo.getInstance(spki);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed SubjectPublicKeyInfo DER: " + e.getMessage(), e);
        }
    }

    /** JCA name for KeyFactory lookups of this algorithm's public keys. */
    abstract String keyFactoryName();

    /** JCA name of the signature scheme. */
    abstract String signatureName();

    /** Deterministic key derivation from a validated 32-byte seed. */
    abstract KeyPair derive(byte[] seed) throws GeneralSecurityException;
}
