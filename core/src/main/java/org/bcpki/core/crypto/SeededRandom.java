package org.bcpki.core.crypto;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * A deterministic byte stream (SHAKE256 of a domain tag and a seed) dressed as a SecureRandom, for
 * key generators that have no seed-based key spec. Never use it for signing nonces.
 */
final class SeededRandom extends SecureRandom {
    SeededRandom(String domain, byte[] seed) {
        super(new ShakeSpi(domain, seed), null);
    }

    private static final class ShakeSpi extends SecureRandomSpi {
        private final SHAKEDigest shake = new SHAKEDigest(256);

        ShakeSpi(String domain, byte[] seed) {
            byte[] tag = domain.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            shake.update(tag, 0, tag.length);
            shake.update(seed, 0, seed.length);
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // Deliberately ignored: the stream is fixed by the constructor's seed.
        }

        @Override
        protected synchronized void engineNextBytes(byte[] bytes) {
            shake.doOutput(bytes, 0, bytes.length);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] out = new byte[numBytes];
            engineNextBytes(out);
            return out;
        }
    }
}
