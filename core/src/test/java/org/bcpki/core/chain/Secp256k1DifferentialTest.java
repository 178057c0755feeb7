package org.bcpki.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** libsecp256k1 and Bouncy Castle recover the same keys and reject the same signatures. */
class Secp256k1DifferentialTest {
    private static final BigInteger P = Secp256k1.CURVE_PARAMS.getCurve().getField().getCharacteristic();
    private final Random random = new Random(18);

    @Test
    void theNativeLibraryIsUsedWhereItShipsABinary() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        boolean shipped = os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64"));
        assertEquals(shipped, LibSecp256k1.available(), os + " " + arch);
        assertEquals(shipped ? "libsecp256k1" : "Bouncy Castle", Secp256k1.implementation());
    }

    @Test
    void validSignaturesRecoverTheSignerBothWays() {
        for (int i = 0; i < 300; i++) {
            NodeKey key = NodeKey.fromPrivateKey(randomScalar());
            Bytes32 digest = i % 50 == 0 ? Bytes32.ZERO : randomBytes32();
            Bytes signature = key.sign(digest);
            assertSame(digest, signature);
            assertEquals(Optional.of(key.publicKey()), Secp256k1.recoverWithBouncyCastle(digest, signature));
            assertEquals(Optional.of(key.publicKey()), Secp256k1.recoverPublicKey(digest, signature));
            // the other parity recovers a different key, both ways
            assertSame(digest, withByte(signature, 64, 1 - signature.get(64)));
        }
    }

    @Test
    void randomSignaturesAgreeForBothRecoveryIds() {
        int recovered = 0;
        for (int i = 0; i < 1_000; i++) {
            BigInteger lowS = new BigInteger(256, random).mod(Secp256k1.HALF_N).add(BigInteger.ONE);
            Bytes signature = Bytes.concatenate(randomBytes32(), scalar(lowS), Bytes.of(i & 1));
            recovered += assertSame(randomBytes32(), signature).isPresent() ? 1 : 0;
        }
        // about half the r values are no point's x
        assertTrue(recovered > 350 && recovered < 650, "recovered " + recovered);
    }

    @Test
    void edgeCasesAreRejectedOrAcceptedAlike() {
        BigInteger n = Secp256k1.N;
        Bytes32 digest = randomBytes32();
        Bytes32 allOnes = Bytes32.fromHexString("0x" + "ff".repeat(32)); // digest >= n: reduced mod n
        BigInteger validR = validX();
        for (BigInteger r : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, validR, n.subtract(BigInteger.ONE), n,
                n.add(BigInteger.ONE), P.subtract(BigInteger.ONE), notAnX()}) {
            for (BigInteger s : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, Secp256k1.HALF_N,
                    Secp256k1.HALF_N.add(BigInteger.ONE), n.subtract(BigInteger.ONE), n}) {
                for (int recId : new int[] {0, 1, 2, 3, 27, 28}) {
                    Bytes signature = Bytes.concatenate(scalar(r), scalar(s), Bytes.of(recId));
                    assertSame(digest, signature);
                    assertSame(allOnes, signature);
                    assertSame(Bytes32.ZERO, signature);
                }
            }
        }
        Bytes good = Bytes.concatenate(scalar(validR), scalar(BigInteger.ONE), Bytes.of(0));
        assertTrue(Secp256k1.recoverPublicKey(digest, good).isPresent(), "a sound signature recovers");
        assertFalse(Secp256k1.recoverPublicKey(digest, good.slice(0, 64)).isPresent());
        assertFalse(Secp256k1.recoverPublicKey(digest, Bytes.concatenate(good, Bytes.of(0))).isPresent());
    }

    @Test
    void anXWithoutAPointIsRejectedAlike() {
        BigInteger r = notAnX();
        assertThrows(IllegalArgumentException.class, () -> Secp256k1.CURVE_PARAMS.getCurve().decodePoint(
                Bytes.concatenate(Bytes.of(2), scalar(r)).toArrayUnsafe()));
        for (int recId = 0; recId <= 1; recId++) {
            Bytes signature = Bytes.concatenate(scalar(r), scalar(BigInteger.TWO), Bytes.of(recId));
            assertEquals(Optional.empty(), assertSame(randomBytes32(), signature));
        }
    }

    @Test
    void theKeyAtInfinityIsRejectedAlike() {
        // Q = r^-1 (s R - e G) is infinity when s R = e G: take R = G, r = G.x, s = e = 1.
        BigInteger gx = Secp256k1.DOMAIN.getG().normalize().getAffineXCoord().toBigInteger();
        int parity = Secp256k1.DOMAIN.getG().normalize().getAffineYCoord().testBitZero() ? 1 : 0;
        Bytes signature = Bytes.concatenate(scalar(gx), scalar(BigInteger.ONE), Bytes.of(parity));
        assertEquals(Optional.empty(), assertSame(scalar(BigInteger.ONE), signature));
        // the other parity is -G, which gives -2 r^-1 G: a key
        assertTrue(assertSame(scalar(BigInteger.ONE), withByte(signature, 64, 1 - parity)).isPresent());
    }

    /** Both paths give the same answer; returns it. */
    private static Optional<Bytes> assertSame(Bytes32 digest, Bytes signature) {
        Optional<Bytes> reference = Secp256k1.recoverWithBouncyCastle(digest, signature);
        assertEquals(reference, Secp256k1.recoverPublicKey(digest, signature), () -> signature.toHexString());
        if (LibSecp256k1.available() && reference.isPresent()) {
            assertEquals(reference, LibSecp256k1.recover(digest, signature));
        }
        return reference;
    }

    private BigInteger validX() {
        while (true) {
            BigInteger x = new BigInteger(255, random);
            if (isX(x) && x.signum() > 0) {
                return x;
            }
        }
    }

    private BigInteger notAnX() {
        while (true) {
            BigInteger x = new BigInteger(255, random);
            if (!isX(x)) {
                return x;
            }
        }
    }

    /** x^3 + 7 is a square mod p (Euler's criterion). */
    private static boolean isX(BigInteger x) {
        BigInteger rhs = x.pow(3).add(BigInteger.valueOf(7)).mod(P);
        return rhs.signum() == 0 || rhs.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
    }

    private Bytes32 randomScalar() {
        while (true) {
            Bytes32 candidate = randomBytes32();
            BigInteger d = candidate.toUnsignedBigInteger();
            if (d.signum() > 0 && d.compareTo(Secp256k1.N) < 0) {
                return candidate;
            }
        }
    }

    private Bytes32 randomBytes32() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Bytes32.wrap(bytes);
    }

    private static Bytes32 scalar(BigInteger value) {
        return Bytes32.leftPad(Bytes.wrap(value.toByteArray()).trimLeadingZeros());
    }

    private static Bytes withByte(Bytes bytes, int index, int value) {
        byte[] copy = bytes.toArray();
        copy[index] = (byte) value;
        return Bytes.wrap(copy);
    }
}
