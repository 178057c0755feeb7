package org.bcpki.core.crypto;

import org.bouncycastle.crypto.digests.KeccakDigest;

/** Ethereum's Keccak-256 (the original Keccak padding, not SHA3-256). */
public final class Keccak {
    private Keccak() {}

    public static byte[] keccak256(byte[] data) {
        return keccak256(data, 0, data.length);
    }

    public static byte[] keccak256(byte[] data, int offset, int length) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(data, offset, length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    /** A Keccak-256 over data that arrives in pieces (a firmware image read from a stream). */
    public static Incremental incremental() {
        return new Incremental();
    }

    public static final class Incremental {
        private final KeccakDigest digest = new KeccakDigest(256);

        private Incremental() {}

        public void update(byte[] data, int offset, int length) {
            digest.update(data, offset, length);
        }

        public byte[] digest() {
            byte[] out = new byte[32];
            digest.doFinal(out, 0);
            return out;
        }
    }
}
