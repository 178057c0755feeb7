package org.bcpki.mirror.follow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.bcpki.core.identity.SubjectId;

/**
 * The subjects a {@link MirrorClient} keeps, each with its last proven value (empty until proven),
 * bounded at {@code capacity} with the least recently used evicted first. Names come from untrusted
 * traffic (a reading's server ID, an EMT request), so neither memory nor the per-block refresh may
 * grow with what strangers ask about; an evicted subject is simply proven again when next checked.
 */
public final class SubjectCache<V> {
    private final int capacity;
    private final LinkedHashMap<SubjectId, Optional<V>> entries;
    private long evictions;

    public SubjectCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SubjectId, Optional<V>> eldest) {
                boolean full = size() > SubjectCache.this.capacity;
                if (full) {
                    evictions++;
                }
                return full;
            }
        };
    }

    public synchronized void track(SubjectId subject) {
        entries.putIfAbsent(subject, Optional.empty());
    }

    public synchronized V get(SubjectId subject) {
        Optional<V> value = entries.get(subject);
        return value == null ? null : value.orElse(null);
    }

    public synchronized void put(SubjectId subject, V value) {
        entries.put(subject, Optional.of(value));
    }

    /** A copy of the subjects (most recently used last) whose value is absent or passes {@code keep}. */
    public synchronized List<SubjectId> subjects(Predicate<V> keep) {
        List<SubjectId> out = new ArrayList<>(entries.size());
        entries.forEach((subject, value) -> {
            if (value.isEmpty() || keep.test(value.get())) {
                out.add(subject);
            }
        });
        return out;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long evictions() {
        return evictions;
    }
}
