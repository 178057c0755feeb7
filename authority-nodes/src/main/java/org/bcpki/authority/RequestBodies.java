package org.bcpki.authority;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.bcpki.contracts.GovernanceProposal;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.Address;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;

/**
 * The JSON bodies of the service's write requests, read strictly: UTF-8 (RFC 8259), one JSON value and nothing after
 * it, no member named twice (a signed body must mean one thing to every reader, and readers differ on
 * which of two members counts), at most {@link #MAX_NESTING} levels deep and
 * {@link AuthorityService#MAX_BODY_BYTES} long (the HTTP layer refuses longer bodies first), with
 * Jackson's default limits on numbers (1000 digits) and strings. Every refusal is an
 * {@link ApiException} 400.
 */
final class RequestBodies {
    /** Deeper than any request body needs (grant requests nest three levels). */
    static final int MAX_NESTING = 16;
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING)
                            .maxDocumentLength(AuthorityService.MAX_BODY_BYTES).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    static final int MAX_REASON_CHARACTERS = 200;

    /** An operator's revocation: {"subject": meter ID, organisation or 0x subject id, "reason": ...}. */
    record Revocation(SubjectId subject, String reason) {}

    /** An operator's decision on a held request: {"decision": "approve"|"reject", "reason": ...}. */
    record Decision(boolean approve, String reason) {}

    private RequestBodies() {}

    static JsonNode parse(byte[] body) {
        String text;
        try {
            // Decoded here, not by Jackson: its byte parser guesses UTF-16/32 from zero bytes, and
            // takes a member name with 0xFF bytes for a name it has seen ("subj\xFFect" for "subject").
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the body is not UTF-8");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
        if (node == null || node.isMissingNode()) {
            throw ApiException.badRequest("empty body: expected a JSON object");
        }
        return node;
    }

    static Revocation revocation(JsonNode body) {
        if (!body.isObject() || !body.path("subject").isTextual() || !body.path("reason").isTextual()) {
            throw ApiException.badRequest("expected {\"subject\": ..., \"reason\": ...}");
        }
        String reason = reason(body);
        String text = body.get("subject").asText();
        try {
            return new Revocation(text.startsWith("0x") ? SubjectId.ofHex(text) : SubjectId.parse(text), reason);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("subject: " + e.getMessage());
        }
    }

    /** A subject alone: {"subject": ...} (reinstatement). */
    static SubjectId subject(JsonNode body) {
        if (!body.isObject() || !body.path("subject").isTextual()) {
            throw ApiException.badRequest("expected {\"subject\": ...}");
        }
        String text = body.get("subject").asText();
        try {
            return text.startsWith("0x") ? SubjectId.ofHex(text) : SubjectId.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("subject: " + e.getMessage());
        }
    }

    /**
     * A governance proposal: {"kind": "add-authority"|"remove-authority"|"set-roles"|"add-registrar"|
     * "remove-registrar"|"set-thresholds", "account": "0x…", "name": …, "roles": [...], "grant": k,
     * "revocation": r, "governance": g}, with the fields its kind needs.
     */
    static GovernanceProposal proposal(JsonNode body) {
        if (!body.isObject() || !body.path("kind").isTextual()) {
            throw ApiException.badRequest("expected {\"kind\": ..., ...}");
        }
        String kind = body.get("kind").asText();
        try {
            return switch (kind) {
                case "add-authority" -> GovernanceProposal.addAuthority(account(body), name(body), roles(body));
                case "remove-authority" -> GovernanceProposal.removeAuthority(account(body));
                case "set-roles" -> GovernanceProposal.setAuthorityRoles(account(body), roles(body));
                case "add-registrar" -> GovernanceProposal.addRegistrar(account(body), roles(body));
                case "remove-registrar" -> GovernanceProposal.removeRegistrar(account(body));
                case "set-thresholds" -> GovernanceProposal.setThresholds(count(body, "grant"), count(body, "revocation"),
                        count(body, "governance"));
                default -> throw ApiException.badRequest("unknown proposal kind '" + kind + "'");
            };
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static Address account(JsonNode body) {
        if (!body.path("account").isTextual()) {
            throw ApiException.badRequest("this proposal needs \"account\": a 0x address");
        }
        try {
            return new Address(Hex.fixed(body.get("account").asText(), Address.SIZE, "account"));
        } catch (MalformedDataException e) {
            throw ApiException.badRequest("account: " + e.getMessage());
        }
    }

    private static String name(JsonNode body) {
        String name = body.path("name").asText("").strip();
        if (name.isEmpty() || name.length() > 64 || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw ApiException.badRequest("name must have 1..64 printable ASCII characters");
        }
        return name;
    }

    private static Set<Role> roles(JsonNode body) {
        if (!body.path("roles").isArray()) {
            throw ApiException.badRequest("this proposal needs \"roles\": an array of role names");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (JsonNode role : body.get("roles")) {
            if (!role.isTextual()) {
                throw ApiException.badRequest("roles are names, e.g. \"meter\"");
            }
            roles.add(Role.parse(role.asText()));
        }
        return roles;
    }

    private static int count(JsonNode body, String field) {
        if (!body.path(field).isIntegralNumber() || !body.get(field).canConvertToInt()) {
            throw ApiException.badRequest("this proposal needs \"" + field + "\": a whole number");
        }
        return body.get(field).intValue();
    }

    static Decision decision(JsonNode body) {
        if (!body.isObject() || !body.path("decision").isTextual() || !body.path("reason").isTextual()) {
            throw ApiException.badRequest("expected {\"decision\": \"approve\"|\"reject\", \"reason\": ...}");
        }
        String decision = body.get("decision").asText();
        if (!decision.equals("approve") && !decision.equals("reject")) {
            throw ApiException.badRequest("decision must be \"approve\" or \"reject\"");
        }
        return new Decision(decision.equals("approve"), reason(body));
    }

    private static String reason(JsonNode body) {
        String reason = body.get("reason").asText().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON_CHARACTERS) {
            throw ApiException.badRequest("reason must have 1.." + MAX_REASON_CHARACTERS + " characters");
        }
        return reason;
    }
}
