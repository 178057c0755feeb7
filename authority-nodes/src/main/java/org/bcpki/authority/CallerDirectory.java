package org.bcpki.authority;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;

/**
 * The registered callers (callers.json in the service directory):
 * <pre>[{"keyId": "lab-1", "kind": "registrar", "publicKey": "&lt;base64 SPKI DER&gt;",
 *   "roles": ["METER"], "subjectPrefixes": ["1ESY"]}, ...]</pre>
 * The key's algorithm is read from its SPKI. {@code roles} and {@code subjectPrefixes} are optional:
 * without them a caller may request every role of the authority's policy for any subject (the
 * behaviour of files written before scopes existed); given, they must not be empty.
 */
public final class CallerDirectory {
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Map<String, Caller> byKeyId;

    public CallerDirectory(Iterable<Caller> callers) {
        Map<String, Caller> map = new HashMap<>();
        for (Caller caller : callers) {
            if (!KEY_ID.matcher(caller.keyId()).matches()) {
                throw new IllegalArgumentException("invalid key id '" + caller.keyId() + "'");
            }
            if (map.put(caller.keyId(), caller) != null) {
                throw new IllegalArgumentException("duplicate key id '" + caller.keyId() + "'");
            }
        }
        this.byKeyId = Map.copyOf(map);
    }

    public static CallerDirectory load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + ": callers must be a JSON array");
        }
        java.util.List<Caller> callers = new java.util.ArrayList<>();
        for (JsonNode entry : root) {
            byte[] spki = Base64.getDecoder().decode(entry.path("publicKey").asText());
            Caller.Kind kind = Caller.Kind.valueOf(entry.path("kind").asText().toUpperCase(Locale.ROOT));
            callers.add(new Caller(entry.path("keyId").asText(), kind, SignatureSuite.identify(spki), spki, scope(file, entry)));
        }
        return new CallerDirectory(callers);
    }

    private static Caller.Scope scope(Path file, JsonNode entry) {
        String where = file + ": caller '" + entry.path("keyId").asText() + "': ";
        java.util.Set<Role> roles = java.util.EnumSet.noneOf(Role.class);
        for (JsonNode role : array(entry, "roles", where)) {
            roles.add(Role.parse(role.asText()));
        }
        java.util.List<String> prefixes = new java.util.ArrayList<>();
        for (JsonNode prefix : array(entry, "subjectPrefixes", where)) {
            prefixes.add(prefix.asText());
        }
        try {
            return new Caller.Scope(roles, prefixes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage());
        }
    }

    /** The optional array {@code field}: absent means unrestricted, so an explicit one must name something. */
    private static JsonNode array(JsonNode entry, String field, String where) {
        JsonNode node = entry.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(where + "'" + field + "' must be a non-empty array (omit it for no restriction)");
        }
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException(where + "'" + field + "' must hold strings");
            }
        }
        return node;
    }

    public Optional<Caller> find(String keyId) {
        return Optional.ofNullable(byKeyId.get(keyId));
    }
}
