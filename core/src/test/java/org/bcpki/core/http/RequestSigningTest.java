package org.bcpki.core.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.junit.jupiter.api.Test;

class RequestSigningTest {
    private static final byte[] BODY = "{\"subject\":\"1ESY1160000001\"}".getBytes(StandardCharsets.UTF_8);

    private static RequestSigning.Covered covered(String tag, String path, String query) {
        return new RequestSigning.Covered(tag, "POST", path, query, BODY, "lab-1", 1_733_580_000L, "nonce-0123456789ab");
    }

    @Test
    void theSignatureBaseIsRfc9421Shaped() {
        String expected = """
                "@method": POST
                "@path": /v1/grant-requests
                "@query": ?dry=1
                "content-digest": sha-256=:%s:
                "@signature-params": ("@method" "@path" "@query" "content-digest");created=1733580000;\
                nonce="nonce-0123456789ab";keyid="lab-1";tag="bcpki-authority\"""".formatted(
                Base64.getEncoder().encodeToString(RequestSigning.sha256(BODY)));
        assertEquals(expected, new String(covered("bcpki-authority", "/v1/grant-requests", "dry=1").signatureBase(),
                StandardCharsets.US_ASCII));
    }

    @Test
    void contentDigestOfTheEmptyBodyIsTheKnownValue() {
        // RFC 9530's example digest of an empty representation
        assertEquals("sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:", RequestSigning.contentDigest(new byte[0]));
    }

    @Test
    void tagPathQueryAndKeyIdEachChangeTheBase() {
        byte[] base = covered("bcpki-authority", "/v1/x", null).signatureBase();
        assertFalse(Arrays.equals(base, covered("bcpki-wan", "/v1/x", null).signatureBase()));
        assertFalse(Arrays.equals(base, covered("bcpki-authority", "/v1/y", null).signatureBase()));
        assertFalse(Arrays.equals(base, covered("bcpki-authority", "/v1/x", "a=1").signatureBase()));
        assertFalse(Arrays.equals(base, new RequestSigning.Covered("bcpki-authority", "POST", "/v1/x", null, BODY, "lab-2",
                1_733_580_000L, "nonce-0123456789ab").signatureBase()));
        // no query and an empty query are the same request target
        assertArrayEquals(base, covered("bcpki-authority", "/v1/x", "").signatureBase());
    }

    @Test
    void noComponentCanAddALineOrLeaveAscii() {
        assertThrows(IllegalArgumentException.class, () -> covered("t", "/v1/x\n\"@path\": /v1/y", null).signatureBase());
        assertThrows(IllegalArgumentException.class, () -> covered("t", "/v1/\u00e4", null).signatureBase());
        assertThrows(IllegalArgumentException.class, () -> new RequestSigning.Covered("t", "POST", "/", null, BODY,
                "lab\r1", 1, "nonce-0123456789ab").signatureBase());
        String quoted = new String(new RequestSigning.Covered("t", "POST", "/", null, BODY, "a\"b\\c", 1,
                "nonce-0123456789ab").signatureBase(), StandardCharsets.US_ASCII);
        assertTrue(quoted.contains("keyid=\"a\\\"b\\\\c\""), quoted);
    }

    @Test
    void signedHeadersVerifyAndOnlyForWhatWasSigned() {
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ECDSA_P256);
        KeyPair key = suite.fromSeed(new byte[32]);
        RequestSigning.Covered request = covered("bcpki-authority", "/v1/x", null);
        Map<String, String> headers = request.sign(suite, key.getPrivate());
        assertEquals("1733580000", headers.get(RequestSigning.TIMESTAMP));
        assertEquals("nonce-0123456789ab", headers.get(RequestSigning.NONCE));
        byte[] signature = RequestSigning.signature(headers.get(RequestSigning.SIGNATURE));
        byte[] spki = suite.encodePublicKey(key.getPublic());
        assertTrue(suite.verify(spki, request.signatureBase(), signature));
        assertFalse(suite.verify(spki, covered("bcpki-wan", "/v1/x", null).signatureBase(), signature));
    }

    @Test
    void headerSpellingsAreStrict() {
        assertEquals(1_733_580_000L, RequestSigning.timestamp("1733580000"));
        for (String bad : new String[] {"+1", "01", "-1", "1.0", "\u0661", "", "1234567890123456789"}) {
            assertThrows(IllegalArgumentException.class, () -> RequestSigning.timestamp(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> RequestSigning.timestamp(null));
        assertEquals("abcdefghijklmnop", RequestSigning.nonce("abcdefghijklmnop"));
        for (String bad : new String[] {"short", "a".repeat(65), "abcdefghijklmno!", "abcdefghijklmnop\n"}) {
            assertThrows(IllegalArgumentException.class, () -> RequestSigning.nonce(bad), bad);
        }
        assertArrayEquals(new byte[] {1, 2}, RequestSigning.signature("AQI="));
        assertThrows(IllegalArgumentException.class, () -> RequestSigning.signature("AQI"));
        assertThrows(IllegalArgumentException.class, () -> RequestSigning.signature("AQJ="));
        assertThrows(IllegalArgumentException.class, () -> RequestSigning.signature("not base64!"));
    }
}
