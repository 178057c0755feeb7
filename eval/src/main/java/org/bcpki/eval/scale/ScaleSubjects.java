package org.bcpki.eval.scale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.bcpki.core.identity.SubjectId;

/**
 * Subjects of the registry to measure, by kind: granted (ACTIVE and valid), revoked, expired, and
 * unknown (never in the registry), and spare ones for grants made during the run. Taken from the fixture's generator, spread over its index range.
 */
record ScaleSubjects(List<SubjectId> granted, List<SubjectId> revoked, List<SubjectId> expired, List<SubjectId> unknown,
                     IntFunction<SubjectId> spares) {
    ScaleSubjects {
        granted = List.copyOf(granted);
        revoked = List.copyOf(revoked);
        expired = List.copyOf(expired);
        unknown = List.copyOf(unknown);
        if (granted.isEmpty()) {
            throw new IllegalArgumentException("the registry sample has no granted subject");
        }
    }

    /** The i-th subject no record uses and no sample holds: for grants made during the run. */
    SubjectId spare(int i) {
        return spares.apply(i);
    }

    /** The kinds that have subjects, in a fixed order. */
    Map<String, List<SubjectId>> byKind() {
        Map<String, List<SubjectId>> kinds = new LinkedHashMap<>();
        kinds.put("granted", granted);
        kinds.put("revoked", revoked);
        kinds.put("expired", expired);
        kinds.put("unknown", unknown);
        kinds.values().removeIf(List::isEmpty);
        return kinds;
    }

    /** Every sampled subject, kinds interleaved so that a prefix holds some of each. */
    List<SubjectId> mixed() {
        List<SubjectId> all = new ArrayList<>();
        List<List<SubjectId>> kinds = List.copyOf(byKind().values());
        int longest = kinds.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (List<SubjectId> kind : kinds) {
                if (i < kind.size()) {
                    all.add(kind.get(i));
                }
            }
        }
        return all;
    }
}
