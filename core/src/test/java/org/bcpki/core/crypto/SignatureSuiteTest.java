package org.bcpki.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureSuiteTest {
    private static final byte[] MESSAGE = "reading 1-0:1.8.0 = 12345.6 kWh".getBytes(StandardCharsets.UTF_8);
    private static final Map<KeyAlgorithm, KeyPair> SEEDED = new HashMap<>();

    private static byte[] seed(int fill) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) fill);
        return seed;
    }

    private static synchronized KeyPair seeded(KeyAlgorithm algorithm) {
        return SEEDED.computeIfAbsent(algorithm, a -> SignatureSuite.of(a).fromSeed(seed(7)));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void roundTripsKeygenSignVerifyEncodeDecode(KeyAlgorithm algorithm) {
        SignatureSuite suite = SignatureSuite.of(algorithm);
        KeyPair pair = suite.generate(new SecureRandom());
        byte[] signature = suite.sign(pair.getPrivate(), MESSAGE);
        assertTrue(suite.verify(pair.getPublic(), MESSAGE, signature));

        byte[] spki = suite.encodePublicKey(pair.getPublic());
        PublicKey decoded = suite.decodePublicKey(spki);
        assertArrayEquals(spki, decoded.getEncoded());
        assertTrue(suite.verify(spki, MESSAGE, signature));
        assertEquals(algorithm, SignatureSuite.identify(spki));
        assertArrayEquals(Keccak.keccak256(spki), suite.keyHash(pair.getPublic()));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void rejectsOtherMessageOtherKeyAndCorruptedSignature(KeyAlgorithm algorithm) {
        SignatureSuite suite = SignatureSuite.of(algorithm);
        KeyPair pair = seeded(algorithm);
        KeyPair other = suite.fromSeed(seed(8));
        byte[] signature = suite.sign(pair.getPrivate(), MESSAGE);

        byte[] otherMessage = MESSAGE.clone();
        otherMessage[0] ^= 1;
        assertFalse(suite.verify(pair.getPublic(), otherMessage, signature));
        assertFalse(suite.verify(other.getPublic(), MESSAGE, signature));

        byte[] corrupted = signature.clone();
        corrupted[corrupted.length / 2] ^= 0x40;
        assertFalse(suite.verify(pair.getPublic(), MESSAGE, corrupted));
        assertFalse(suite.verify(pair.getPublic(), MESSAGE, Arrays.copyOf(signature, signature.length / 2)));
        assertFalse(suite.verify(pair.getPublic(), MESSAGE, new byte[0]));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void sameSeedGivesSameKeyPairAndOtherSeedAnother(KeyAlgorithm algorithm) {
        SignatureSuite suite = SignatureSuite.of(algorithm);
        KeyPair first = seeded(algorithm);
        KeyPair again = suite.fromSeed(seed(7));
        assertArrayEquals(first.getPublic().getEncoded(), again.getPublic().getEncoded());
        assertArrayEquals(first.getPrivate().getEncoded(), again.getPrivate().getEncoded());
        // A key derived from the seed signs, and its twin verifies.
        assertTrue(suite.verify(again.getPublic(), MESSAGE, suite.sign(first.getPrivate(), MESSAGE)));
        assertNotEquals(Arrays.toString(first.getPublic().getEncoded()),
                Arrays.toString(suite.fromSeed(seed(9)).getPublic().getEncoded()));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void refusesWrongAlgorithmTruncatedDerAndBadSeeds(KeyAlgorithm algorithm) {
        SignatureSuite suite = SignatureSuite.of(algorithm);
        KeyAlgorithm otherAlgorithm = algorithm == KeyAlgorithm.ML_DSA_65 ? KeyAlgorithm.ECDSA_P256 : KeyAlgorithm.ML_DSA_65;
        KeyPair foreign = seeded(otherAlgorithm);
        byte[] foreignSpki = foreign.getPublic().getEncoded();

        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> suite.decodePublicKey(foreignSpki));
        assertTrue(wrong.getMessage().contains("expected " + algorithm), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> suite.verify(foreign.getPublic(), MESSAGE, new byte[64]));
        assertThrows(IllegalArgumentException.class, () -> suite.sign(foreign.getPrivate(), MESSAGE));

        byte[] spki = seeded(algorithm).getPublic().getEncoded();
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                () -> suite.decodePublicKey(Arrays.copyOf(spki, spki.length - 5)));
        assertTrue(truncated.getMessage().startsWith("malformed"), truncated.getMessage());
        assertThrows(IllegalArgumentException.class, () -> suite.decodePublicKey(new byte[0]));

        IllegalArgumentException shortSeed = assertThrows(IllegalArgumentException.class, () -> suite.fromSeed(new byte[31]));
        assertTrue(shortSeed.getMessage().contains("32 bytes"), shortSeed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> suite.fromSeed(null));
    }

    @Test
    void keySizesMatchThePublishedParameterSets() {
        // FIPS 204 public keys 1312/1952/2592 bytes, signatures 2420/3309/4627; SPKI adds a 22-byte header.
        assertEquals(1312 + 22, seeded(KeyAlgorithm.ML_DSA_44).getPublic().getEncoded().length);
        assertEquals(1952 + 22, seeded(KeyAlgorithm.ML_DSA_65).getPublic().getEncoded().length);
        assertEquals(2592 + 22, seeded(KeyAlgorithm.ML_DSA_87).getPublic().getEncoded().length);
        SignatureSuite mlDsa65 = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        assertEquals(3309, mlDsa65.sign(seeded(KeyAlgorithm.ML_DSA_65).getPrivate(), MESSAGE).length);
    }

    @Test
    void keccakMatchesKnownVector() {
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                java.util.HexFormat.of().formatHex(Keccak.keccak256(new byte[0])));
    }
}
