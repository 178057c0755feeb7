package org.bcpki.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;

/**
 * Signed requests as the service receives them, one input per request: method, path and the four
 * headers on one line each (an empty line is an absent header), then the body. Allowed error:
 * {@link ApiException} 401. A request is accepted only when its signed part (method, path, timestamp,
 * nonce, body hash) is exactly one a fixture key signed, for that key, with its headers spelled as
 * the caller sent them; only an accepted request spends its nonce, and sending it again is refused.
 */
class RequestAuthenticatorFuzzTest {
    static final long NOW = 1_763_700_000L;
    static final KeyPair LAB_KEY = SignatureSuite.of(KeyAlgorithm.ECDSA_P256).fromSeed(seed(0x31));
    static final KeyPair OPS_KEY = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).fromSeed(seed(0x32));
    static final CallerDirectory CALLERS = new CallerDirectory(List.of(
            new Caller("lab-1", Caller.Kind.REGISTRAR, KeyAlgorithm.ECDSA_P256, spki(KeyAlgorithm.ECDSA_P256, LAB_KEY)),
            new Caller("ops-1", Caller.Kind.OPERATOR, KeyAlgorithm.ML_DSA_65, spki(KeyAlgorithm.ML_DSA_65, OPS_KEY))));

    /** What the seed corpus holds, each signed by its key at {@link #NOW}. */
    record Signed(String keyId, String method, String path, String nonce, String body) {
        byte[] signedBytes() {
            return RequestSignature.covered(method, pathOf(path), queryOf(path), NOW, nonce,
                    body.getBytes(StandardCharsets.UTF_8), keyId).signatureBase();
        }
    }

    static final List<Signed> SIGNED = List.of(
            new Signed("lab-1", "POST", "/v1/challenges", "lab0challenge0nonce01", ""),
            new Signed("lab-1", "POST", "/v1/grant-requests", "lab-grant-nonce-00000000000000002",
                    "{\"subject\":\"1ESY1160000001\",\"role\":\"METER\",\"algorithm\":\"ML-DSA-65\"}"),
            new Signed("lab-1", "POST", "/v1/grant-requests?dry=1", "lab_query_nonce_0003", "{}"),
            new Signed("ops-1", "POST", "/v1/revocations", "ops-revocation-nonce-4",
                    "{\"subject\":\"1ESY1160000001\",\"reason\":\"key compromised\"}"),
            new Signed("ops-1", "POST", "/v1/grant-requests/0x" + "ab".repeat(32) + "/decision", "ops-decision-nonce-05",
                    "{\"decision\":\"approve\",\"reason\":\"checked with the holder\"}"));

    private static final Set<String> SIGNED_PARTS = SIGNED.stream()
            .map(s -> s.keyId() + " " + HexFormat.of().formatHex(s.signedBytes())).collect(Collectors.toUnmodifiableSet());

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void onlyWhatAKeySignedIsAcceptedAndOnlyThatSpendsANonce(byte[] input) throws SQLException {
        Request request = Request.parse(input);
        List<String> remembered = new ArrayList<>();
        RequestAuthenticator authenticator = new RequestAuthenticator(CALLERS, (keyId, nonce, expiresAt, now) -> {
            assertTrue(expiresAt >= now, "a nonce forgotten before its request goes stale");
            String entry = keyId + " " + nonce;
            if (remembered.contains(entry)) {
                return false;
            }
            return remembered.add(entry);
        });
        Caller caller;
        try {
            caller = request.authenticate(authenticator);
        } catch (ApiException refused) {
            assertEquals(401, refused.status(), refused::getMessage);
            assertTrue(remembered.isEmpty(), "a refused request spent a nonce: " + remembered);
            return;
        }
        String keyId = request.header(RequestSignature.KEY_ID);
        long timestamp = Long.parseLong(request.header(RequestSignature.TIMESTAMP));
        String nonce = request.header(RequestSignature.NONCE);
        assertEquals(keyId, caller.keyId());
        assertTrue(SIGNED_PARTS.contains(keyId + " " + HexFormat.of().formatHex(RequestSignature.covered(request.method(),
                pathOf(request.path()), queryOf(request.path()), timestamp, nonce, request.body(), keyId).signatureBase())),
                "accepted a request its key did not sign");
        assertEquals(Long.toString(timestamp), request.header(RequestSignature.TIMESTAMP), "timestamp spelled otherwise");
        String signature = request.header(RequestSignature.SIGNATURE);
        assertEquals(Base64.getEncoder().encodeToString(Base64.getDecoder().decode(signature)), signature,
                "signature spelled otherwise");
        assertEquals(List.of(keyId + " " + nonce), remembered);

        ApiException replay = assertThrows(ApiException.class, () -> request.authenticate(authenticator));
        assertEquals(401, replay.status());
        assertTrue(replay.getMessage().contains("nonce already used"), replay::getMessage);
    }

    /** The request an input stands for. */
    record Request(String method, String path, List<String> headers, byte[] body) {
        static final List<String> NAMES = List.of(RequestSignature.KEY_ID, RequestSignature.TIMESTAMP,
                RequestSignature.NONCE, RequestSignature.SIGNATURE);

        static Request parse(byte[] input) {
            List<String> lines = new ArrayList<>();
            int from = 0;
            while (lines.size() < 2 + NAMES.size()) {
                int end = indexOf(input, (byte) '\n', from);
                if (end < 0) {
                    break;
                }
                lines.add(new String(input, from, end - from, StandardCharsets.UTF_8));
                from = end + 1;
            }
            byte[] body = lines.size() == 2 + NAMES.size() ? Arrays.copyOfRange(input, from, input.length) : new byte[0];
            while (lines.size() < 2 + NAMES.size()) {
                lines.add("");
            }
            return new Request(lines.get(0), lines.get(1), lines.subList(2, lines.size()), body);
        }

        /** The bytes of a request: what the seed corpus is made of. */
        static byte[] encode(String method, String path, java.util.Map<String, String> headers, byte[] body) {
            StringBuilder text = new StringBuilder(method).append('\n').append(path).append('\n');
            for (String name : NAMES) {
                text.append(headers.getOrDefault(name, "")).append('\n');
            }
            byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
            byte[] out = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, out, head.length, body.length);
            return out;
        }

        String header(String name) {
            int index = NAMES.indexOf(name);
            return index < 0 || headers.get(index).isEmpty() ? null : headers.get(index);
        }

        Caller authenticate(RequestAuthenticator authenticator) throws SQLException {
            return authenticator.authenticate(method, pathOf(path), queryOf(path), body, this::header, NOW);
        }

        private static int indexOf(byte[] bytes, byte b, int from) {
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == b) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The path of a request target as the server routes it (before any {@code ?}). */
    static String pathOf(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The query of a request target (after its first {@code ?}), or null. */
    static String queryOf(String target) {
        int query = target.indexOf('?');
        return query < 0 ? null : target.substring(query + 1);
    }

    private static byte[] spki(KeyAlgorithm algorithm, KeyPair key) {
        return SignatureSuite.of(algorithm).encodePublicKey(key.getPublic());
    }

    private static byte[] seed(int fill) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) fill);
        return seed;
    }
}
