package org.bcpki.core.chain;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** A validator's secp256k1 node key: signs commit seals and names the node (enode id, address). */
public final class NodeKey {
    private final BigInteger privateKey;
    private final ECPoint publicPoint;
    private final Bytes publicKey;
    private final Address address;

    private NodeKey(BigInteger privateKey) {
        this.privateKey = privateKey;
        this.publicPoint = new FixedPointCombMultiplier().multiply(Secp256k1.DOMAIN.getG(), privateKey).normalize();
        this.publicKey = Secp256k1.encodePoint(publicPoint);
        this.address = Address.fromPublicKey(publicKey);
    }

    public static NodeKey generate(SecureRandom random) {
        byte[] candidate = new byte[32];
        while (true) {
            random.nextBytes(candidate);
            BigInteger d = new BigInteger(1, candidate);
            if (isValidScalar(d)) {
                return new NodeKey(d);
            }
        }
    }

    public static NodeKey fromPrivateKey(Bytes32 privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        BigInteger d = privateKey.toUnsignedBigInteger();
        if (!isValidScalar(d)) {
            throw new IllegalArgumentException("secp256k1 private key must be in [1, n-1]");
        }
        return new NodeKey(d);
    }

    private static boolean isValidScalar(BigInteger d) {
        return d.signum() > 0 && d.compareTo(Secp256k1.N) < 0;
    }

    public Bytes32 privateKey() {
        return Bytes32.leftPad(Bytes.wrap(privateKey.toByteArray()).trimLeadingZeros());
    }

    /** Uncompressed public key without the 0x04 prefix: x || y, 64 bytes. */
    public Bytes publicKey() {
        return publicKey;
    }

    public Address address() {
        return address;
    }

    /** The enode id: the 64-byte public key as 128 lower-case hex characters, no 0x. */
    public String enodeId() {
        return publicKey.toUnprefixedHexString();
    }

    /** Deterministic (RFC 6979) low-s signature over a 32-byte digest: r || s || recId (0/1). */
    public Bytes sign(Bytes32 digest) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(privateKey, Secp256k1.DOMAIN));
        BigInteger[] rs = signer.generateSignature(digest.toArrayUnsafe());
        BigInteger r = rs[0];
        BigInteger s = rs[1];
        if (s.compareTo(Secp256k1.HALF_N) > 0) {
            s = Secp256k1.N.subtract(s); // canonical low-s form, as Besu produces
        }
        int recId = recoveryId(digest, r, s);
        return Bytes.concatenate(scalar32(r), scalar32(s), Bytes.of(recId));
    }

    private int recoveryId(Bytes32 digest, BigInteger r, BigInteger s) {
        for (int recId = 0; recId <= 1; recId++) {
            if (Secp256k1.recover(digest, r, s, recId).filter(publicPoint::equals).isPresent()) {
                return recId;
            }
        }
        // Only possible if R.x >= n, which has probability ~2^-128: not representable with recId 0/1.
        throw new IllegalStateException("signature has no recovery id 0/1");
    }

    private static Bytes32 scalar32(BigInteger value) {
        return Bytes32.leftPad(Bytes.wrap(value.toByteArray()).trimLeadingZeros());
    }

    @Override
    public String toString() {
        return "NodeKey[" + address.toHex() + "]"; // never print the private key
    }
}
