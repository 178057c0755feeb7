package org.bcpki.puf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Privacy amplification and per-purpose keys, all HKDF-SHA256 (RFC 5869):
 * <ul>
 *   <li>device seed = HKDF(salt = keccak256(helper data), ikm = corrected secret bits,
 *       info = {@code "bcpki/puf/seed/v1"}, 32 bytes) - the helper data's hash is bound in, so altered
 *       helper data can never yield the enrolled seed;</li>
 *   <li>key check = HMAC-SHA256(seed, {@code "bcpki/puf/check/v1"}) - public, stored at enrollment,
 *       compared (constant time) at every reconstruction;</li>
 *   <li>purpose seed = HKDF-Expand(seed, {@code "bcpki/puf/key/v1/" + purpose}, 32) - each purpose gets
 *       an independent 32-byte key seed for {@code SignatureSuite.fromSeed}.</li>
 * </ul>
 */
public final class KeyDerivation {
    public static final int SEED_LENGTH = 32;
    private static final byte[] SEED_INFO = ascii("bcpki/puf/seed/v1");
    private static final byte[] CHECK_INFO = ascii("bcpki/puf/check/v1");
    private static final String PURPOSE_PREFIX = "bcpki/puf/key/v1/";

    private KeyDerivation() {}

    public static byte[] deviceSeed(byte[] secret, byte[] helperDataHash) {
        return expand(hmac(helperDataHash, secret), SEED_INFO);
    }

    public static byte[] keyCheck(byte[] deviceSeed) {
        return hmac(deviceSeed, CHECK_INFO);
    }

    public static byte[] purposeSeed(byte[] deviceSeed, KeyPurpose purpose) {
        return expand(deviceSeed, ascii(PURPOSE_PREFIX + purpose.label()));
    }

    /** Constant-time comparison of a reconstructed key check with the stored one. */
    public static boolean checkMatches(byte[] deviceSeed, byte[] storedCheck) {
        return storedCheck != null && MessageDigest.isEqual(keyCheck(deviceSeed), storedCheck);
    }

    /** HKDF-Expand for one block (L = 32 = HashLen): T(1) = HMAC(PRK, info || 0x01). */
    private static byte[] expand(byte[] prk, byte[] info) {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes(info);
        input.write(1);
        return hmac(prk, input.toByteArray());
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 failed", e);
        }
    }

    /** One Mac per thread: the provider lookup costs more than the HMAC itself in simulation loops. */
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    });

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
