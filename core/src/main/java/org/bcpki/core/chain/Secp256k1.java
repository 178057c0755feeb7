package org.bcpki.core.chain;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.MalformedDataException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * secp256k1 public-key recovery for Ethereum-style 65-byte signatures {@code r || s || recId}
 * (recId 0 or 1, no 27/28 offset, no message prefix). Recovery runs in libsecp256k1 where it loads
 * ({@link LibSecp256k1}) and in Bouncy Castle otherwise; both give the same answers.
 */
public final class Secp256k1 {
    static final X9ECParameters CURVE_PARAMS = CustomNamedCurves.getByName("secp256k1");
    static final ECDomainParameters DOMAIN = new ECDomainParameters(
            CURVE_PARAMS.getCurve(), CURVE_PARAMS.getG(), CURVE_PARAMS.getN(), CURVE_PARAMS.getH());
    public static final BigInteger N = CURVE_PARAMS.getN();
    public static final BigInteger HALF_N = N.shiftRight(1);

    private Secp256k1() {}

    /**
     * Checks the encoding of a signature: 65 bytes, r and s in [1, n-1], recId 0 or 1.
     * (High s is a recovery-time rejection, not an encoding error.)
     */
    public static void checkSignatureShape(Bytes signature) {
        if (signature.size() != 65) {
            throw new MalformedDataException("signature must be 65 bytes, found " + signature.size());
        }
        int recId = signature.get(64) & 0xff;
        if (recId > 1) {
            throw new MalformedDataException("signature recovery id must be 0 or 1, found " + recId);
        }
        BigInteger r = r(signature);
        BigInteger s = s(signature);
        if (r.signum() == 0 || r.compareTo(N) >= 0) {
            throw new MalformedDataException("signature r is outside [1, n-1]");
        }
        if (s.signum() == 0 || s.compareTo(N) >= 0) {
            throw new MalformedDataException("signature s is outside [1, n-1]");
        }
    }

    /**
     * The signer's public key (64 bytes x||y); empty when the signature is malformed, has a high s
     * (we only accept the canonical low-s form, which Besu and {@link NodeKey} produce) or does not
     * correspond to any point.
     */
    public static Optional<Bytes> recoverPublicKey(Bytes32 digest, Bytes signature65) {
        if (!acceptable(signature65)) {
            return Optional.empty();
        }
        return LibSecp256k1.available() ? LibSecp256k1.recover(digest, signature65) : bouncyCastle(digest, signature65);
    }

    /** What recovers keys in this JVM: "libsecp256k1" or "Bouncy Castle". */
    public static String implementation() {
        return LibSecp256k1.available() ? "libsecp256k1" : "Bouncy Castle";
    }

    /** The Bouncy Castle path alone, whatever {@link #implementation()} says (the fallback, and the reference in tests). */
    static Optional<Bytes> recoverWithBouncyCastle(Bytes32 digest, Bytes signature65) {
        return acceptable(signature65) ? bouncyCastle(digest, signature65) : Optional.empty();
    }

    /** Well-formed and low s (we only accept the canonical form, which Besu and {@link NodeKey} produce). */
    private static boolean acceptable(Bytes signature65) {
        try {
            checkSignatureShape(signature65);
        } catch (MalformedDataException e) {
            return false;
        }
        return s(signature65).compareTo(HALF_N) <= 0;
    }

    private static Optional<Bytes> bouncyCastle(Bytes32 digest, Bytes signature65) {
        return recover(digest, r(signature65), s(signature65), signature65.get(64)).map(Secp256k1::encodePoint);
    }

    public static Optional<Address> recoverAddress(Bytes32 digest, Bytes signature65) {
        return recoverPublicKey(digest, signature65).map(Address::fromPublicKey);
    }

    /** SEC 1 v2 section 4.1.6 with j = 0 (r < n, so R.x = r; recId's low bit is R.y's parity). */
    static Optional<ECPoint> recover(Bytes32 digest, BigInteger r, BigInteger s, int recId) {
        byte[] compressed = new byte[33];
        compressed[0] = (byte) ((recId & 1) == 0 ? 0x02 : 0x03);
        byte[] rBytes = Bytes32.leftPad(Bytes.wrap(r.toByteArray()).trimLeadingZeros()).toArrayUnsafe();
        System.arraycopy(rBytes, 0, compressed, 1, 32);
        ECPoint bigR;
        try {
            bigR = DOMAIN.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // r is not the x coordinate of a curve point
        }
        BigInteger e = new BigInteger(1, digest.toArrayUnsafe());
        BigInteger rInv = r.modInverse(N);
        // Q = r^-1 (s*R - e*G)
        BigInteger eFactor = N.subtract(e).mod(N).multiply(rInv).mod(N);
        BigInteger sFactor = s.multiply(rInv).mod(N);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), eFactor, bigR, sFactor).normalize();
        return q.isInfinity() ? Optional.empty() : Optional.of(q);
    }

    static Bytes encodePoint(ECPoint point) {
        byte[] uncompressed = point.normalize().getEncoded(false);
        return Bytes.wrap(uncompressed, 1, 64);
    }

    private static BigInteger r(Bytes signature) {
        return new BigInteger(1, signature.slice(0, 32).toArrayUnsafe());
    }

    private static BigInteger s(Bytes signature) {
        return new BigInteger(1, signature.slice(32, 32).toArrayUnsafe());
    }
}
