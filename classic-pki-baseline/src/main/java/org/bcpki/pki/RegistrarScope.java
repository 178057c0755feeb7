package org.bcpki.pki;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bcpki.core.identity.Role;

/**
 * What a registrar may issue and revoke: end-entity certificates of the given roles whose subject
 * identity (the CN without its {@code .EMT}/{@code .LMN} suffix) matches one of the patterns.
 * A pattern is an identity in which {@code *} stands for any run of characters
 * ({@code stadtwerke-*}, {@code 1ESY116*}, {@code *}), compared ignoring ASCII case. A scope never
 * covers a CA certificate.
 */
public record RegistrarScope(Set<Role> roles, List<String> subjectPatterns) {
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9._*-]{0,127}");

    /** The scope of the registrar made by {@code init}: every end-entity role, every subject. */
    public static final RegistrarScope ALL_END_ENTITIES = new RegistrarScope(Set.of(SmPkiProfile.certifiedRoles()), List.of("*"));

    /** The scope of a registrar stored before scopes existed: nothing (fail closed). */
    public static final RegistrarScope NONE = new RegistrarScope(Set.of(), List.of());

    public RegistrarScope {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        for (Role role : roles) {
            SmPkiProfile.suffix(role); // refuses roles without a certificate class
        }
        for (String pattern : subjectPatterns) {
            if (pattern == null || !PATTERN.matcher(pattern).matches()) {
                throw new IllegalArgumentException("a subject pattern is an ASCII identity with '*' wildcards"
                        + " (letters, digits, '.', '_', '-'), not '" + pattern + "'");
            }
        }
        subjectPatterns = List.copyOf(subjectPatterns);
    }

    /** Parses {@code EMT,GWA} and {@code stadtwerke-*,1ESY116*} (as the CLI and the database spell them). */
    public static RegistrarScope parse(String roles, String subjectPatterns) {
        Set<Role> parsedRoles = EnumSet.noneOf(Role.class);
        for (String role : split(roles)) {
            parsedRoles.add("LMN".equalsIgnoreCase(role) ? Role.METER : Role.parse(role));
        }
        return new RegistrarScope(parsedRoles, split(subjectPatterns));
    }

    /** Whether the scope covers an end-entity certificate of {@code role} for the canonical {@code identity}. */
    public boolean permits(Role role, String identity) {
        return roles.contains(role) && subjectPatterns.stream().anyMatch(pattern -> matches(pattern, identity));
    }

    /** Whether the scope covers an end-entity CN such as {@code stadtwerke.EMT}. */
    public boolean permitsCommonName(String commonName) {
        var role = SmPkiProfile.roleOfCommonName(commonName);
        return role.isPresent() && permits(role.get(), commonName.substring(0, commonName.lastIndexOf('.')));
    }

    public String rolesText() {
        return java.util.Arrays.stream(SmPkiProfile.certifiedRoles()).filter(roles::contains).map(Role::name)
                .collect(Collectors.joining(","));
    }

    public String subjectPatternsText() {
        return String.join(",", subjectPatterns);
    }

    @Override
    public String toString() {
        return "roles [" + rolesText() + "], subjects [" + subjectPatternsText() + "]";
    }

    private static boolean matches(String pattern, String identity) {
        StringBuilder regex = new StringBuilder();
        for (String literal : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(identity).matches();
    }

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        if (text != null) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    parts.add(part.strip());
                }
            }
        }
        return parts;
    }
}
