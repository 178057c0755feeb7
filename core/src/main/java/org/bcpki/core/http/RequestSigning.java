package org.bcpki.core.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.bcpki.core.crypto.SignatureSuite;

/**
 * The one request-signing scheme of bcpki's HTTP APIs (the authority service and the gateway's WAN
 * API), built on RFC 9421's signature base: one line per covered component, then a
 * {@code @signature-params} line naming them with the signature's parameters, among them a
 * {@code tag} per application, so no signature for one API or one path is ever a signature for
 * another. Every application sends {@value #TIMESTAMP} (unix seconds, plain decimal),
 * {@value #NONCE} (16 to 64 of {@code [A-Za-z0-9_-]}, never reused by a key) and {@value #SIGNATURE}
 * (canonical base64), plus how it names the signing key, the {@code keyid}.
 *
 * <pre>
 * "@method": POST
 * "@path": /api/grants
 * "@query": ?
 * "content-digest": sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:
 * "@signature-params": ("@method" "@path" "@query" "content-digest");created=1733580000;nonce="...";keyid="...";tag="bcpki-authority"
 * </pre>
 */
public final class RequestSigning {
    public static final String TIMESTAMP = "X-Bcpki-Timestamp";
    public static final String NONCE = "X-Bcpki-Nonce";
    public static final String SIGNATURE = "X-Bcpki-Signature";
    private static final Pattern NONCE_SPELLING = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    /** Unix seconds in plain decimal: the spelling the signature base uses, and no other. */
    private static final Pattern TIMESTAMP_SPELLING = Pattern.compile("0|[1-9][0-9]{0,17}");

    private RequestSigning() {}

    /**
     * What a signature covers.
     *
     * @param tag the application ({@code bcpki-authority}, {@code bcpki-wan})
     * @param query the query string without its {@code ?}, or null for none
     * @param keyId how the application names the key: printable ASCII
     */
    public record Covered(String tag, String method, String path, String query, byte[] body, String keyId, long created,
            String nonce) {
        /** The bytes signed: RFC 9421's signature base for these components. */
        public byte[] signatureBase() {
            String base = "\"@method\": " + printable(method) + "\n"
                    + "\"@path\": " + printable(path) + "\n"
                    + "\"@query\": ?" + (query == null ? "" : printable(query)) + "\n"
                    + "\"content-digest\": " + contentDigest(body == null ? new byte[0] : body) + "\n"
                    + "\"@signature-params\": (\"@method\" \"@path\" \"@query\" \"content-digest\");created=" + created
                    + ";nonce=" + quoted(nonce) + ";keyid=" + quoted(keyId) + ";tag=" + quoted(tag);
            return base.getBytes(StandardCharsets.US_ASCII);
        }

        /** The headers a client sends: timestamp, nonce and the signature with {@code key}. */
        public Map<String, String> sign(SignatureSuite suite, PrivateKey key) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(TIMESTAMP, Long.toString(created));
            headers.put(NONCE, nonce);
            headers.put(SIGNATURE, Base64.getEncoder().encodeToString(suite.sign(key, signatureBase())));
            return headers;
        }
    }

    /** RFC 9530's Content-Digest value for {@code body}: {@code sha-256=:base64:}. */
    public static String contentDigest(byte[] body) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(sha256(body)) + ":";
    }

    /** The timestamp header's value; IllegalArgumentException unless plain decimal unix seconds. */
    public static long timestamp(String text) {
        // Long.parseLong would also take "+1", "01" and non-ASCII digits: spellings the signature does not cover.
        if (text == null || !TIMESTAMP_SPELLING.matcher(text).matches()) {
            throw new IllegalArgumentException("timestamp is not unix seconds in plain decimal");
        }
        return Long.parseLong(text);
    }

    /** The nonce header's value; IllegalArgumentException unless 16 to 64 of [A-Za-z0-9_-]. */
    public static String nonce(String text) {
        if (text == null || !NONCE_SPELLING.matcher(text).matches()) {
            throw new IllegalArgumentException("nonce must be 16-64 characters of [A-Za-z0-9_-]");
        }
        return text;
    }

    /** The signature header's bytes; IllegalArgumentException unless canonical base64 (padded, no spare bits). */
    public static byte[] signature(String text) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature is not base64");
        }
        // The decoder also takes missing padding and non-zero spare bits: one signature, one spelling.
        if (!Base64.getEncoder().encodeToString(signature).equals(text)) {
            throw new IllegalArgumentException("signature is not in canonical base64 (padded, no spare bits)");
        }
        return signature;
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A component value as it enters the base: printable ASCII only, so no value can add a line. */
    private static String printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("a signed request component must be printable ASCII: " + value);
            }
        }
        return value;
    }

    /** An RFC 8941 sf-string: printable ASCII, with {@code "} and {@code \} escaped. */
    private static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : printable(value).toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
