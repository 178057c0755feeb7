package org.bcpki.core.chain;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Public-key recovery through libsecp256k1 (ACINQ's JNI binding), about three times Bouncy
 * Castle's rate. Absent when the library does not load here (no binary for this platform, a
 * temporary directory that forbids executables) or disagrees with Bouncy Castle on a known answer.
 */
final class LibSecp256k1 {
    private static final fr.acinq.secp256k1.Secp256k1 LIB = load();

    private LibSecp256k1() {}

    static boolean available() {
        return LIB != null;
    }

    /**
     * The 64-byte x||y key, or empty when libsecp256k1 finds no key. The caller has checked the
     * shape (r and s in [1, n-1], recId 0 or 1) and the low s, which libsecp256k1 does not require.
     */
    static Optional<Bytes> recover(Bytes32 digest, Bytes signature65) {
        return recover(LIB, digest, signature65);
    }

    private static Optional<Bytes> recover(fr.acinq.secp256k1.Secp256k1 lib, Bytes32 digest, Bytes signature65) {
        try {
            byte[] uncompressed = lib.ecdsaRecover(signature65.slice(0, 64).toArray(), digest.toArray(),
                    signature65.get(64));
            return Optional.of(Bytes.wrap(uncompressed, 1, 64));
        } catch (fr.acinq.secp256k1.Secp256k1Exception e) {
            return Optional.empty(); // r is no point's x, or the key is the point at infinity
        }
    }

    private static fr.acinq.secp256k1.Secp256k1 load() {
        try {
            fr.acinq.secp256k1.Secp256k1 lib = fr.acinq.secp256k1.Secp256k1.get();
            return agreesWithBouncyCastle(lib) ? lib : null;
        } catch (LinkageError | RuntimeException e) {
            return null; // no binary for this platform, or it cannot be loaded: Bouncy Castle it is
        }
    }

    /** A known answer, so a broken binary is never trusted with seals. */
    private static boolean agreesWithBouncyCastle(fr.acinq.secp256k1.Secp256k1 lib) {
        NodeKey key = NodeKey.fromPrivateKey(Bytes32.fromHexString(
                "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"));
        Bytes32 digest = Bytes32.fromHexString("0x2a" + "00".repeat(31));
        Bytes signature = key.sign(digest);
        return recover(lib, digest, signature).equals(Optional.of(key.publicKey()))
                && Secp256k1.recoverWithBouncyCastle(digest, signature).equals(Optional.of(key.publicKey()));
    }
}
