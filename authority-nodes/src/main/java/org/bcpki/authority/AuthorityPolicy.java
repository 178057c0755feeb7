package org.bcpki.authority;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Role;
import org.bcpki.core.io.PrivateFiles;

/**
 * What this authority approves (policy.json in the service directory):
 * <pre>{"roles": ["METER", "SMGW"], "algorithms": ["ML-DSA-65", "ECDSA_P256"],
 *  "requirePufAttestationForMeters": true, "maxValidityDays": 730,
 *  "maxValidityDaysByRole": {"METER": 3650, "EMT": 365}}</pre>
 * {@code maxValidityDays} is the maximum for every role without its own entry.
 */
public record AuthorityPolicy(Set<Role> roles, Set<KeyAlgorithm> algorithms, boolean requirePufAttestationForMeters,
                              long maxValidityDays, Map<Role, Long> maxValidityDaysByRole) {

    public AuthorityPolicy {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        algorithms = algorithms.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(algorithms));
        if (maxValidityDays <= 0) {
            throw new IllegalArgumentException("maxValidityDays must be positive");
        }
        maxValidityDaysByRole = Map.copyOf(maxValidityDaysByRole);
        maxValidityDaysByRole.forEach((role, days) -> {
            if (days <= 0) {
                throw new IllegalArgumentException("maxValidityDaysByRole." + role + " must be positive");
            }
        });
    }

    /** A policy with one maximum validity for all roles. */
    public AuthorityPolicy(Set<Role> roles, Set<KeyAlgorithm> algorithms, boolean requirePufAttestationForMeters,
                           long maxValidityDays) {
        this(roles, algorithms, requirePufAttestationForMeters, maxValidityDays, Map.of());
    }

    /** The longest validity (days) this authority approves for {@code role}. */
    public long maxValidityDays(Role role) {
        return maxValidityDaysByRole.getOrDefault(role, maxValidityDays);
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
        Map<Role, Long> byRole = new EnumMap<>(Role.class);
        JsonNode perRole = root.path("maxValidityDaysByRole");
        if (!perRole.isMissingNode() && !perRole.isObject()) {
            throw new IllegalArgumentException(file + ": maxValidityDaysByRole must map role names to days");
        }
        perRole.properties().forEach(e -> {
            if (!e.getValue().canConvertToLong()) {
                throw new IllegalArgumentException(file + ": maxValidityDaysByRole." + e.getKey() + " must be a number of days");
            }
            byRole.put(Role.parse(e.getKey()), e.getValue().asLong());
        });
        return new AuthorityPolicy(roles, algorithms, root.path("requirePufAttestationForMeters").asBoolean(true),
                root.path("maxValidityDays").asLong(730), byRole);
    }

    public void save(Path file) throws IOException {
        var json = new ObjectMapper().createObjectNode();
        var roleArray = json.putArray("roles");
        roles.stream().sorted().forEach(r -> roleArray.add(r.name()));
        var algorithmArray = json.putArray("algorithms");
        algorithms.stream().sorted().forEach(a -> algorithmArray.add(a.name()));
        json.put("requirePufAttestationForMeters", requirePufAttestationForMeters);
        json.put("maxValidityDays", maxValidityDays);
        if (!maxValidityDaysByRole.isEmpty()) {
            var perRole = json.putObject("maxValidityDaysByRole");
            maxValidityDaysByRole.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> perRole.put(e.getKey().name(), e.getValue()));
        }
        PrivateFiles.writeString(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }
}
