package org.bcpki.authority;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Role;

/**
 * What this authority approves (policy.json in the service directory):
 * <pre>{"roles": ["METER", "SMGW"], "algorithms": ["ML-DSA-65", "ECDSA_P256"],
 *  "requirePufAttestationForMeters": true, "maxValidityDays": 730}</pre>
 */
public record AuthorityPolicy(Set<Role> roles, Set<KeyAlgorithm> algorithms, boolean requirePufAttestationForMeters,
                              long maxValidityDays) {

    public AuthorityPolicy {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        algorithms = algorithms.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(algorithms));
        if (maxValidityDays <= 0) {
            throw new IllegalArgumentException("maxValidityDays must be positive");
        }
    }

    public static AuthorityPolicy load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": policy must be a JSON object");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        root.path("roles").forEach(r -> roles.add(Role.parse(r.asText())));
        Set<KeyAlgorithm> algorithms = EnumSet.noneOf(KeyAlgorithm.class);
        root.path("algorithms").forEach(a -> algorithms.add(KeyAlgorithm.parse(a.asText())));
        if (roles.isEmpty() || algorithms.isEmpty()) {
            throw new IllegalArgumentException(file + ": policy needs at least one role and one algorithm");
        }
        return new AuthorityPolicy(roles, algorithms, root.path("requirePufAttestationForMeters").asBoolean(true),
                root.path("maxValidityDays").asLong(730));
    }

    public void save(Path file) throws IOException {
        var json = new ObjectMapper().createObjectNode();
        var roleArray = json.putArray("roles");
        roles.stream().sorted().forEach(r -> roleArray.add(r.name()));
        var algorithmArray = json.putArray("algorithms");
        algorithms.stream().sorted().forEach(a -> algorithmArray.add(a.name()));
        json.put("requirePufAttestationForMeters", requirePufAttestationForMeters);
        json.put("maxValidityDays", maxValidityDays);
        Files.writeString(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }
}
