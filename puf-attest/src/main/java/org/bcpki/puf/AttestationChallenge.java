package org.bcpki.puf;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a verifier sends a device: a fresh nonce and the context the answer is for (e.g.
 * {@code "bcpki/enroll/authority-1"}), so an answer given for one purpose cannot be replayed for another.
 */
public record AttestationChallenge(byte[] nonce, String context) {
    public static final int MIN_NONCE = 16;
    public static final int MAX_NONCE = 64;
    public static final int MAX_CONTEXT = 255;

    public AttestationChallenge {
        if (nonce == null || nonce.length < MIN_NONCE || nonce.length > MAX_NONCE) {
            throw new IllegalArgumentException("a nonce has " + MIN_NONCE + ".." + MAX_NONCE + " bytes, got "
                    + (nonce == null ? "none" : nonce.length));
        }
        if (context == null || context.isEmpty() || context.getBytes(StandardCharsets.UTF_8).length > MAX_CONTEXT) {
            throw new IllegalArgumentException("a context is 1.." + MAX_CONTEXT + " bytes of UTF-8");
        }
        nonce = nonce.clone();
    }

    /** A challenge with a fresh 32-byte nonce. */
    public static AttestationChallenge random(String context, SecureRandom random) {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        return new AttestationChallenge(nonce, context);
    }

    public static AttestationChallenge ofHex(String nonceHex, String context) {
        String digits = nonceHex.startsWith("0x") || nonceHex.startsWith("0X") ? nonceHex.substring(2) : nonceHex;
        try {
            return new AttestationChallenge(HexFormat.of().parseHex(digits), context);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nonce must be " + MIN_NONCE + ".." + MAX_NONCE + " bytes of hex: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    public String nonceHex() {
        return HexFormat.of().formatHex(nonce);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttestationChallenge other && Arrays.equals(nonce, other.nonce) && context.equals(other.context);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nonce) * 31 + context.hashCode();
    }
}
