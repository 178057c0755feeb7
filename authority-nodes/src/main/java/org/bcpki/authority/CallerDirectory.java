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

/**
 * The registered callers (callers.json in the service directory):
 * <pre>[{"keyId": "lab-1", "kind": "registrar", "publicKey": "&lt;base64 SPKI DER&gt;"}, ...]</pre>
 * The key's algorithm is read from its SPKI.
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
            callers.add(new Caller(entry.path("keyId").asText(), kind, SignatureSuite.identify(spki), spki));
        }
        return new CallerDirectory(callers);
    }

    public Optional<Caller> find(String keyId) {
        return Optional.ofNullable(byKeyId.get(keyId));
    }
}
