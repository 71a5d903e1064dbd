package io.pivotreport.gateway.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A small LRU map whose entries expire: bounded memory whatever callers send, and stale data ages out by itself. A
 * value of {@link Optional#empty()} is a cached negative answer with its own (shorter) lifetime.
 */
public final class BoundedTtlCache<V> {

    private record Entry<V>(Optional<V> value, Instant expiresAt) {
    }

    private final int maxEntries;
    private final Duration ttl;
    private final Duration negativeTtl;
    private final Clock clock;
    private final Map<String, Entry<V>> entries;

    public BoundedTtlCache(int maxEntries, Duration ttl, Duration negativeTtl, Clock clock) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.negativeTtl = Objects.requireNonNull(negativeTtl, "negativeTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry<V>> eldest) {
                return size() > BoundedTtlCache.this.maxEntries;
            }
        };
    }

    /** The cached answer: null when nothing fresh is held, otherwise the value or a cached "not found". */
    public synchronized Optional<V> get(String key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(key);
            return null;
        }
        return entry.value();
    }

    public synchronized void put(String key, V value) {
        entries.put(key, new Entry<>(Optional.of(value), clock.instant().plus(ttl)));
    }

    public synchronized void putAbsent(String key) {
        entries.put(key, new Entry<>(Optional.empty(), clock.instant().plus(negativeTtl)));
    }

    public synchronized void invalidate(String key) {
        entries.remove(key);
    }

    public synchronized int size() {
        return entries.size();
    }
}
