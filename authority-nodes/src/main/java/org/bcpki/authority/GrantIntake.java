package org.bcpki.authority;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Locale;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;

/**
 * Turns a registrar's grant request (JSON) into a {@link GrantSubmission}, or refuses it with the
 * first reason found: malformed input (400), this authority's policy (422), a failed proof of
 * possession or attestation (422). Request body:
 * <pre>{"subject": "1ESY1160000001", "role": "METER", "algorithm": "ML-DSA-65",
 *  "publicKey": "&lt;base64 SPKI DER&gt;", "challenge": "&lt;from POST /v1/challenges&gt;",
 *  "proofOfPossession": "&lt;base64 signature by publicKey over RequestSignature.proofOfPossessionBytes&gt;",
 *  "notBefore": 1800000000, "notAfter": 1831536000,
 *  "attestation": {"evidence": "&lt;base64&gt;"}}   (attestation optional unless policy requires it)</pre>
 */
final class GrantIntake {
    static final int MAX_PUBLIC_KEY_BYTES = 8 * 1024;
    static final int MAX_SIGNATURE_BYTES = 64 * 1024;
    static final int MAX_EVIDENCE_BYTES = 16 * 1024;
    /** A request may not start more than this far in the future (clock skew and pre-staging). */
    static final long MAX_FUTURE_START_SECONDS = 30L * 86_400;

    /** A validated request; its challenge is consumed when the request is stored. */
    record Validated(GrantSubmission submission, SubjectId subject, Role role, KeyAlgorithm algorithm, String challenge,
                     byte[] proofOfPossession) {}

    private final AuthorityPolicy policy;
    private final AttestationVerifier attestation;

    GrantIntake(AuthorityPolicy policy, AttestationVerifier attestation) {
        this.policy = policy;
        this.attestation = attestation;
    }

    Validated validate(JsonNode body, long now) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        SubjectId subject = parse("subject", () -> SubjectId.parse(text(body, "subject", 80)));
        Role role = parse("role", () -> Role.parse(text(body, "role", 32)));
        KeyAlgorithm algorithm = parse("algorithm", () -> KeyAlgorithm.parse(text(body, "algorithm", 64)));
        byte[] publicKey = base64(body, "publicKey", MAX_PUBLIC_KEY_BYTES);
        String challenge = text(body, "challenge", 64);
        byte[] proof = base64(body, "proofOfPossession", MAX_SIGNATURE_BYTES);
        long notBefore = number(body, "notBefore");
        long notAfter = number(body, "notAfter");
        byte[] evidence = null;
        if (body.hasNonNull("attestation")) {
            JsonNode node = body.get("attestation");
            if (!node.isObject()) {
                throw ApiException.badRequest("attestation must be an object with 'evidence'");
            }
            evidence = base64(node, "evidence", MAX_EVIDENCE_BYTES);
        }

        SignatureSuite suite = SignatureSuite.of(algorithm);
        try {
            suite.decodePublicKey(publicKey);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("publicKey: " + e.getMessage());
        }
        if (notAfter <= notBefore) {
            throw ApiException.badRequest("notAfter must be after notBefore");
        }
        if (notAfter <= now) {
            throw ApiException.badRequest("notAfter is in the past");
        }
        if (notBefore > now + MAX_FUTURE_START_SECONDS) {
            throw ApiException.badRequest("notBefore is more than 30 days ahead");
        }

        if (!policy.roles().contains(role)) {
            throw ApiException.policy("this authority does not approve role " + role + "; it approves " + sorted(policy.roles()));
        }
        if (!policy.algorithms().contains(algorithm)) {
            throw ApiException.policy("this authority does not approve " + algorithm.displayName() + " keys; it approves "
                    + sorted(policy.algorithms()));
        }
        if (notAfter - notBefore > policy.maxValidityDays() * 86_400) {
            throw ApiException.policy("validity exceeds this authority's maximum of " + policy.maxValidityDays() + " days");
        }
        boolean pop;
        try {
            pop = suite.verify(publicKey, RequestSignature.proofOfPossessionBytes(challenge, subject.toHex()), proof);
        } catch (IllegalArgumentException e) {
            pop = false;
        }
        if (!pop) {
            throw ApiException.policy("proof of possession does not verify with the submitted public key");
        }
        if (role == Role.METER && policy.requirePufAttestationForMeters() && evidence == null) {
            throw ApiException.policy("this authority requires PUF attestation evidence for meters");
        }
        if (evidence != null) {
            attestation.check(subject, role, publicKey, evidence).ifPresent(reason -> {
                throw ApiException.policy("attestation refused: " + reason);
            });
        }
        byte[] attestationHash = evidence == null ? new byte[32] : Keccak.keccak256(evidence);
        GrantSubmission submission = new GrantSubmission(subject.bytes(), role.code(), algorithm.code(),
                SignatureSuite.keyHash(publicKey), attestationHash, notBefore, notAfter, publicKey);
        return new Validated(submission, subject, role, algorithm, challenge, proof);
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parse(String field, Parse<T> parse) {
        try {
            return parse.get();
        } catch (ApiException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode body, String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiException.badRequest("missing field '" + field + "'");
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("field '" + field + "' must be a string");
        }
        String value = node.asText();
        if (value.isEmpty() || value.length() > maxLength) {
            throw ApiException.badRequest("field '" + field + "' must have 1.." + maxLength + " characters");
        }
        return value;
    }

    private static byte[] base64(JsonNode body, String field, int maxBytes) {
        String value = text(body, field, (maxBytes + 2) / 3 * 4 + 4);
        try {
            byte[] decoded = Base64.getDecoder().decode(value);
            if (decoded.length == 0 || decoded.length > maxBytes) {
                throw ApiException.badRequest("field '" + field + "' must decode to 1.." + maxBytes + " bytes");
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("field '" + field + "' is not base64");
        }
    }

    private static long number(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            throw ApiException.badRequest("field '" + field + "' must be unix seconds (a non-negative integer)");
        }
        return node.asLong();
    }

    private static String sorted(java.util.Set<? extends Enum<?>> values) {
        return values.stream().map(v -> v instanceof KeyAlgorithm a ? a.displayName() : v.name())
                .sorted().toList().toString().toUpperCase(Locale.ROOT);
    }
}
