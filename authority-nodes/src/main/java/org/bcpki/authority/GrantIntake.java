package org.bcpki.authority;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Locale;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.puf.EnrollmentRecord;

/**
 * Turns a registrar's grant request (JSON) into a {@link GrantSubmission}, or refuses it with the
 * first reason found: malformed input (400), this authority's policy (422), a failed proof of
 * possession or attestation (422). Request body:
 * <pre>{"subject": "1ESY1160000001", "role": "METER", "algorithm": "ML-DSA-65",
 *  "publicKey": "&lt;base64 SPKI DER&gt;", "challenge": "&lt;from POST /v1/challenges&gt;",
 *  "proofOfPossession": "&lt;base64 signature by publicKey over RequestSignature.proofOfPossessionBytes&gt;",
 *  "notBefore": 1800000000, "notAfter": 1831536000,
 *  "attestation": {"enrollment": {"subjectId": "0x..", "keyHash": "0x..", "helperDataHash": "0x..",
 *                  "algorithm": "ML-DSA-65"},
 *                  "context": "bcpki/enroll/&lt;authority name&gt;", "signature": "&lt;base64&gt;"}}
 *  (attestation optional unless policy requires it; see README "PUF attestation")</pre>
 */
final class GrantIntake {
    static final int MAX_PUBLIC_KEY_BYTES = 8 * 1024;
    static final int MAX_SIGNATURE_BYTES = 64 * 1024;
    static final int MAX_EVIDENCE_BYTES = 16 * 1024;
    /** A request may not start more than this far in the future (clock skew and pre-staging). */
    static final long MAX_FUTURE_START_SECONDS = 30L * 86_400;
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+");

    /**
     * A validated request; its challenge is consumed when the request is stored. {@code rotation}
     * is the holder's proof for a new key (null when the request carries none).
     */
    record Validated(GrantSubmission submission, SubjectId subject, Role role, KeyAlgorithm algorithm, String challenge,
                     byte[] proofOfPossession, RotationProof rotation) {}

    /** The current holder's key (SPKI DER) and its signature over {@link RequestSignature#rotationBytes}. */
    record RotationProof(byte[] currentPublicKey, byte[] signature) {}

    private final AuthorityPolicy policy;
    private final AttestationCheck attestation;

    GrantIntake(AuthorityPolicy policy, AttestationCheck attestation) {
        this.policy = policy;
        this.attestation = attestation;
    }

    Validated validate(JsonNode body, Caller caller, long now) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        SubjectId subject = parse("subject", () -> SubjectId.parse(text(body, "subject", 80)));
        Role role = parse("role", () -> Role.parse(name(body, "role", 32)));
        KeyAlgorithm algorithm = parse("algorithm", () -> KeyAlgorithm.parse(name(body, "algorithm", 64)));
        byte[] publicKey = base64(body, "publicKey", MAX_PUBLIC_KEY_BYTES);
        String challenge = text(body, "challenge", 64);
        byte[] proof = base64(body, "proofOfPossession", MAX_SIGNATURE_BYTES);
        long notBefore = number(body, "notBefore");
        long notAfter = number(body, "notAfter");
        PufAttestation puf = body.hasNonNull("attestation") ? attestation(body.get("attestation")) : null;
        RotationProof rotation = null;
        if (body.hasNonNull("rotationProof") || body.hasNonNull("currentPublicKey")) {
            rotation = new RotationProof(base64(body, "currentPublicKey", MAX_PUBLIC_KEY_BYTES),
                    base64(body, "rotationProof", MAX_SIGNATURE_BYTES));
        }
        byte[] nonce = parse("challenge", () -> {
            byte[] decoded = Base64.getUrlDecoder().decode(challenge);
            if (decoded.length < 16 || decoded.length > 64) {
                throw new IllegalArgumentException("not a challenge issued by this service");
            }
            return decoded;
        });

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

        // The caller's scope first: a registrar outside it learns nothing about the policy (finding 3).
        if (!caller.scope().allowsRole(role)) {
            throw ApiException.forbidden("caller " + caller.keyId() + " may not request role " + role
                    + "; its scope is " + sorted(caller.scope().roles()));
        }
        if (!caller.scope().allowsSubject(subject)) {
            throw ApiException.forbidden("caller " + caller.keyId() + " may not request subject "
                    + subject.canonical().orElse(subject.toHex()) + "; its subject prefixes are " + caller.scope().subjectPrefixes());
        }
        if (!policy.roles().contains(role)) {
            throw ApiException.policy("this authority does not approve role " + role + "; it approves " + sorted(policy.roles()));
        }
        if (!policy.algorithms().contains(algorithm)) {
            throw ApiException.policy("this authority does not approve " + algorithm.displayName() + " keys; it approves "
                    + sorted(policy.algorithms()));
        }
        long maxDays = policy.maxValidityDays(role);
        if (notAfter - notBefore > maxDays * 86_400) {
            throw ApiException.policy("validity exceeds this authority's maximum of " + maxDays + " days for role " + role);
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
        if (role == Role.METER && policy.requirePufAttestationForMeters() && puf == null) {
            throw ApiException.policy("this authority requires PUF attestation evidence for meters");
        }
        if (puf != null) {
            attestation.check(subject, role, publicKey, nonce, puf).ifPresent(reason -> {
                throw ApiException.policy("attestation refused: " + reason);
            });
        }
        byte[] attestationHash = puf == null ? new byte[32] : puf.attestationHash();
        GrantSubmission submission = new GrantSubmission(subject, role, algorithm,
                SignatureSuite.keyHash(publicKey), attestationHash, notBefore, notAfter, publicKey);
        return new Validated(submission, subject, role, algorithm, challenge, proof, rotation);
    }

    private static PufAttestation attestation(JsonNode node) {
        if (!node.isObject() || !node.path("enrollment").isObject()) {
            throw ApiException.badRequest("attestation must be an object with 'enrollment', 'context' and 'signature'");
        }
        JsonNode enrollment = node.get("enrollment");
        EnrollmentRecord record = parse("attestation.enrollment", () -> new EnrollmentRecord(
                subjectId(text(enrollment, "subjectId", 80)),
                Hex.fixed(text(enrollment, "keyHash", 66), 32, "keyHash").toArray(),
                Hex.fixed(text(enrollment, "helperDataHash", 66), 32, "helperDataHash").toArray(),
                KeyAlgorithm.parse(name(enrollment, "algorithm", 64))));
        return new PufAttestation(record, text(node, "context", 255), base64(node, "signature", MAX_EVIDENCE_BYTES));
    }

    /** A subject as puf-attest's record names it (0x and 64 hex digits) or in its readable form. */
    private static SubjectId subjectId(String text) {
        return text.startsWith("0x") ? SubjectId.ofHex(text) : SubjectId.parse(text);
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

    /**
     * A role or algorithm name: ASCII only, because the lookup folds case with Unicode rules, under
     * which "ſmgw" (long s) would read as SMGW and "authorıty" (dotless i) as AUTHORITY.
     */
    private static String name(JsonNode body, String field, int maxLength) {
        String value = text(body, field, maxLength);
        if (!NAME.matcher(value).matches()) {
            throw ApiException.badRequest("field '" + field + "' must be a name of ASCII letters, digits, '-' and '_'");
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
