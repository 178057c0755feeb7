package org.bcpki.authority;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;

/**
 * A registered client of the service: a registrar or an operator, with its signing key (SPKI DER)
 * and the scope of the grant requests it may submit.
 */
public record Caller(String keyId, Kind kind, KeyAlgorithm algorithm, byte[] publicKey, Scope scope) {
    public enum Kind {
        /** Submits grant requests. */
        REGISTRAR,
        /** Runs the authority: may also revoke and decide held re-keys. */
        OPERATOR
    }

    /**
     * Which requests this caller may submit: {@code roles} (empty: every role of the authority's
     * policy) for subjects whose canonical identity starts with one of {@code subjectPrefixes}
     * (ASCII, compared ignoring case; empty: any subject).
     */
    public record Scope(Set<Role> roles, List<String> subjectPrefixes) {
        private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,64}");
        public static final Scope UNRESTRICTED = new Scope(Set.of(), List.of());

        public Scope {
            roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
            subjectPrefixes = List.copyOf(subjectPrefixes);
            for (String prefix : subjectPrefixes) {
                if (!PREFIX.matcher(prefix).matches()) {
                    throw new IllegalArgumentException("subject prefix '" + prefix
                            + "' must be 1-64 ASCII letters, digits, '.', '-' or '_'");
                }
            }
        }

        boolean allowsRole(Role role) {
            return roles.isEmpty() || roles.contains(role);
        }

        boolean allowsSubject(SubjectId subject) {
            if (subjectPrefixes.isEmpty()) {
                return true;
            }
            String canonical = subject.canonical().orElse("").toLowerCase(Locale.ROOT);
            return subjectPrefixes.stream().anyMatch(p -> canonical.startsWith(p.toLowerCase(Locale.ROOT)));
        }
    }

    public Caller {
        publicKey = publicKey.clone();
    }

    /** A caller limited only by the authority's policy. */
    public Caller(String keyId, Kind kind, KeyAlgorithm algorithm, byte[] publicKey) {
        this(keyId, kind, algorithm, publicKey, Scope.UNRESTRICTED);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }
}
