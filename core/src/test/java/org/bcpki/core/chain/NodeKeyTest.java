package org.bcpki.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class NodeKeyTest {
    private static final NodeKey ONE = NodeKey.fromPrivateKey(Bytes32.leftPad(Bytes.of(1)));

    private static Bytes32 sha256(String message) throws Exception {
        return Bytes32.wrap(MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void privateKeyOneIsTheGeneratorAndHasTheKnownAddress() {
        assertEquals("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8", ONE.enodeId());
        assertEquals(Address.fromHex("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf"), ONE.address());
        assertEquals(Bytes32.leftPad(Bytes.of(1)), ONE.privateKey());
    }

    @Test
    void signsDeterministicallyPerRfc6979WithLowS() throws Exception {
        // Widely used secp256k1 RFC 6979 vectors (key 1, SHA-256 of the message, low-s form).
        Bytes sig = ONE.sign(sha256("Satoshi Nakamoto"));
        assertEquals(Bytes.fromHexString("0x934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8"
                + "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5"), sig.slice(0, 64));
        Bytes sig2 = ONE.sign(sha256("All those moments will be lost in time, like tears in rain. Time to die..."));
        assertEquals(Bytes.fromHexString("0x8600dbd41e348fe5c9465ab92d23e3db8b98b873beecd930736488696438cb6b"
                + "547fe64427496db33bf66019dacbf0039c04199abb0122918601db38a72cfc21"), sig2.slice(0, 64));
        assertEquals(sig, ONE.sign(sha256("Satoshi Nakamoto")));
    }

    @Test
    void signAndRecoverRoundTrip() {
        Random random = new Random(42);
        for (int i = 0; i < 25; i++) {
            NodeKey key = NodeKey.generate(new SecureRandom());
            Bytes32 digest = Bytes32.random(random);
            Bytes sig = key.sign(digest);
            assertEquals(65, sig.size());
            int recId = sig.get(64);
            assertTrue(recId == 0 || recId == 1, "recId " + recId);
            assertTrue(new BigInteger(1, sig.slice(32, 32).toArrayUnsafe()).compareTo(Secp256k1.HALF_N) <= 0, "low s");
            assertEquals(Optional.of(key.publicKey()), Secp256k1.recoverPublicKey(digest, sig));
            assertEquals(Optional.of(key.address()), Secp256k1.recoverAddress(digest, sig));
            Bytes32 other = Bytes32.random(random);
            assertNotEquals(Optional.of(key.address()), Secp256k1.recoverAddress(other, sig));
        }
    }

    @Test
    void recoveryRejectsHighSAndBadShapes() {
        Bytes32 digest = Bytes32.fromHexString("0xabcdef");
        Bytes sig = ONE.sign(digest);
        BigInteger s = new BigInteger(1, sig.slice(32, 32).toArrayUnsafe());
        // the malleable twin (n - s, flipped parity) is the same signature mathematically; we refuse it
        Bytes highS = Bytes.concatenate(sig.slice(0, 32), Bytes32.leftPad(Bytes.wrap(Secp256k1.N.subtract(s).toByteArray()).trimLeadingZeros()),
                Bytes.of(sig.get(64) ^ 1));
        assertEquals(Optional.empty(), Secp256k1.recoverAddress(digest, highS));
        assertEquals(Optional.empty(), Secp256k1.recoverAddress(digest, sig.slice(0, 64)));
        assertEquals(Optional.empty(), Secp256k1.recoverAddress(digest, Bytes.concatenate(sig.slice(0, 64), Bytes.of(27))));
        assertEquals(Optional.empty(), Secp256k1.recoverAddress(digest, Bytes.concatenate(Bytes32.ZERO, sig.slice(32, 33))));
        assertEquals(Optional.empty(), Secp256k1.recoverAddress(digest, Bytes.wrap(new byte[65])));
    }

    @Test
    void recoveryOfAnRThatIsNoCurvePointIsEmpty() {
        // x = 5 is not on secp256k1 (5^3 + 7 = 132 is a non-residue mod p), so no key can be recovered
        Bytes sig = Bytes.concatenate(Bytes32.leftPad(Bytes.of(5)), Bytes32.leftPad(Bytes.of(1)), Bytes.of(0));
        boolean xIsOnCurve = new BigInteger("132").modPow(
                Secp256k1.CURVE_PARAMS.getCurve().getField().getCharacteristic().subtract(BigInteger.ONE).shiftRight(1),
                Secp256k1.CURVE_PARAMS.getCurve().getField().getCharacteristic()).equals(BigInteger.ONE);
        assertFalse(xIsOnCurve);
        assertEquals(Optional.empty(), Secp256k1.recoverAddress(Bytes32.ZERO, sig));
    }

    @Test
    void rejectsOutOfRangePrivateKeys() {
        assertThrows(IllegalArgumentException.class, () -> NodeKey.fromPrivateKey(Bytes32.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> NodeKey.fromPrivateKey(Bytes32.leftPad(Bytes.wrap(Secp256k1.N.toByteArray()).trimLeadingZeros())));
    }

    @Test
    void enodeIdIs128HexCharsAndToStringHidesTheKey() {
        NodeKey key = QbftTestChain.key(3);
        assertEquals(128, key.enodeId().length());
        assertTrue(key.enodeId().matches("[0-9a-f]{128}"));
        assertFalse(key.toString().contains(key.privateKey().toUnprefixedHexString()));
        assertEquals(key.address(), NodeKey.fromPrivateKey(key.privateKey()).address());
    }
}
