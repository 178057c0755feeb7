package org.bcpki.authority;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bcpki.contracts.AnchoredEnrollment;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.RegistryOperations;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.puf.DeviceKeys;
import org.bcpki.puf.EnrollmentRecord;
import org.bcpki.puf.KeyPurpose;

/**
 * The JSON bodies of grant requests, revocations and operator decisions, each input read as all
 * three. Allowed error: {@link ApiException} with a 4xx status. Accepted bodies are strict JSON (a
 * lenient reader sees the same document); an accepted grant request carries a key whose proof of
 * possession a fixture made for that challenge and subject, is within policy and the caller's scope,
 * and a meter's is attested by the enrolled device; enum-like fields are ASCII spellings.
 */
class RequestBodyFuzzTest {
    static final long NOW = 1_763_700_000L;
    static final String CHALLENGE = Base64.getUrlEncoder().withoutPadding().encodeToString(filled(32, 0x41));
    static final String METER = "1ESY1160000001";
    static final String GATEWAY = "gw-nord-1.smgw";
    static final DeviceKeys DEVICE = new DeviceKeys(filled(32, 0x51));
    static final byte[] DEVICE_SPKI = DEVICE.publicKey(KeyPurpose.SIGNING_ML_DSA_65);
    static final EnrollmentRecord ENROLLMENT = new EnrollmentRecord(SubjectId.parse(METER),
            SignatureSuite.keyHash(DEVICE_SPKI), Keccak.keccak256("fuzz helper data".getBytes()), KeyAlgorithm.ML_DSA_65);
    static final KeyPair GATEWAY_KEY = SignatureSuite.of(KeyAlgorithm.ECDSA_P256).fromSeed(filled(32, 0x52));
    static final String AUTHORITY = "PTB";

    private static final AuthorityPolicy POLICY = new AuthorityPolicy(Set.of(Role.METER, Role.SMGW, Role.EMT),
            Set.of(KeyAlgorithm.ML_DSA_65, KeyAlgorithm.ECDSA_P256), true, 730, Map.of(Role.METER, 3650L));
    private static final Caller REGISTRAR = new Caller("lab-1", Caller.Kind.REGISTRAR, KeyAlgorithm.ECDSA_P256,
            SignatureSuite.of(KeyAlgorithm.ECDSA_P256).encodePublicKey(GATEWAY_KEY.getPublic()),
            new Caller.Scope(Set.of(Role.METER, Role.SMGW), List.of("1ESY", "gw-")));
    private static final GrantIntake INTAKE = new GrantIntake(POLICY, AttestationCheck.puf(AUTHORITY, anchoring(ENROLLMENT)));
    /** (challenge, subject, key hash) of every proof of possession the seed corpus carries. */
    private static final Set<String> PROVEN = Set.of(
            proven(CHALLENGE, SubjectId.parse(METER), DEVICE_SPKI),
            proven(CHALLENGE, SubjectId.parse(GATEWAY), SignatureSuite.of(KeyAlgorithm.ECDSA_P256)
                    .encodePublicKey(GATEWAY_KEY.getPublic())));
    /** Jackson's defaults: the last of two members wins, content after the value is ignored. */
    private static final ObjectMapper LENIENT = new ObjectMapper();

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    @DictionaryEntries({"\"subject\"", "\"role\"", "\"algorithm\"", "\"publicKey\"", "\"challenge\"",
        "\"proofOfPossession\"", "\"notBefore\"", "\"notAfter\"", "\"attestation\"", "\"enrollment\"", "\"subjectId\"",
        "\"keyHash\"", "\"helperDataHash\"", "\"context\"", "\"signature\"", "\"rotationProof\"", "\"currentPublicKey\"",
        "\"reason\"", "\"decision\"", "\"approve\"", "\"reject\"", "\"METER\"", "\"SMGW\"", "\"ML-DSA-65\"", "\"P-256\"",
        "\"0x", "null", "true", "1e3", "-0", "\\u0000"})
    void acceptedBodiesAreStrictAndGrantsAreProven(byte[] body) throws IOException {
        JsonNode json;
        try {
            json = RequestBodies.parse(body);
        } catch (ApiException refused) {
            assertClientError(refused);
            return;
        }
        assertEquals(LENIENT.readTree(body), json, "a lenient reader sees another document");

        try {
            RequestBodies.Revocation revocation = RequestBodies.revocation(json);
            assertReason(revocation.reason());
            assertEquals(32, revocation.subject().bytes().length);
        } catch (ApiException refused) {
            assertClientError(refused);
        }
        try {
            assertReason(RequestBodies.decision(json).reason());
        } catch (ApiException refused) {
            assertClientError(refused);
        }
        GrantIntake.Validated grant;
        try {
            grant = INTAKE.validate(json, REGISTRAR, NOW);
        } catch (ApiException refused) {
            assertClientError(refused);
            return;
        }
        assertGrantIsProvenAndWithinPolicy(json, grant);
    }

    private static void assertGrantIsProvenAndWithinPolicy(JsonNode json, GrantIntake.Validated grant) {
        GrantSubmission s = grant.submission();
        assertTrue(PROVEN.contains(proven(grant.challenge(), grant.subject(), s.publicKey())),
                "accepted a key without its proof of possession for this challenge and subject");
        assertArrayEquals(SignatureSuite.keyHash(s.publicKey()), s.keyHash());
        assertEquals(grant.subject(), s.subject());
        assertEquals(grant.role(), s.role());
        assertEquals(grant.algorithm(), s.algorithm());
        assertTrue(s.notBefore() < s.notAfter() && s.notAfter() > NOW && s.notBefore() <= NOW + GrantIntake.MAX_FUTURE_START_SECONDS);
        assertTrue(s.notAfter() - s.notBefore() <= POLICY.maxValidityDays(grant.role()) * 86_400);
        assertTrue(POLICY.roles().contains(grant.role()) && POLICY.algorithms().contains(grant.algorithm()));
        assertTrue(REGISTRAR.scope().allowsRole(grant.role()) && REGISTRAR.scope().allowsSubject(grant.subject()));
        boolean attested = !Arrays.equals(new byte[32], s.attestationHash());
        if (grant.role() == Role.METER || attested) {
            assertArrayEquals(ENROLLMENT.attestationHash(), s.attestationHash(), "attested by another enrollment");
            assertArrayEquals(ENROLLMENT.keyHash(), s.keyHash(), "attested for another key");
        }
        for (String field : List.of("role", "algorithm")) {
            assertTrue(json.get(field).asText().chars().allMatch(c -> c < 0x80),
                    () -> field + " accepted in a non-ASCII spelling: " + json.get(field));
        }
    }

    private static void assertClientError(ApiException refused) {
        assertTrue(refused.status() >= 400 && refused.status() < 500, () -> refused.status() + " " + refused.getMessage());
        assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
    }

    private static void assertReason(String reason) {
        assertTrue(!reason.isEmpty() && reason.length() <= RequestBodies.MAX_REASON_CHARACTERS && reason.equals(reason.strip()));
    }

    static String proven(String challenge, SubjectId subject, byte[] spki) {
        return challenge + " " + subject.toHex() + " " + HexFormat.of().formatHex(SignatureSuite.keyHash(spki));
    }

    /** A registry that anchored {@code record} for its subject and nothing else; it answers nothing else. */
    static RegistryOperations anchoring(EnrollmentRecord record) {
        return (RegistryOperations) Proxy.newProxyInstance(RegistryOperations.class.getClassLoader(),
                new Class<?>[] {RegistryOperations.class}, (proxy, method, args) -> {
                    if (method.getName().equals("anchoredEnrollment")) {
                        return args[0].equals(record.subjectId())
                                ? Optional.of(new AnchoredEnrollment(record.attestationHash(), "0xe0", 1, true))
                                : Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
