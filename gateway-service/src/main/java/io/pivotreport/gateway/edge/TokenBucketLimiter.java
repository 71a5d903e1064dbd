package io.pivotreport.gateway.edge;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One token bucket per key (a tenant id), in memory, bounded to {@code maxKeys} buckets (least recently used out: an
 * evicted tenant simply starts again with a full bucket). Thread-safe.
 */
public final class TokenBucketLimiter {

    private static final class Bucket {
        double tokens;
        long updatedNanos;
    }

    private final int capacity;
    private final double refillPerNano;
    private final Clock clock;
    private final Map<String, Bucket> buckets;

    public TokenBucketLimiter(int capacity, double refillPerSecond, int maxKeys, Clock clock) {
        if (capacity < 1 || refillPerSecond <= 0 || maxKeys < 1) {
            throw new IllegalArgumentException("capacity, refill and maxKeys must be positive");
        }
        this.capacity = capacity;
        this.refillPerNano = refillPerSecond / 1_000_000_000d;
        this.clock = clock;
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /**
     * Takes one token for {@code key}.
     *
     * @return empty when allowed, otherwise the seconds until a token is available (at least 1), for Retry-After
     */
    public synchronized OptionalLong tryAcquire(String key) {
        long now = nanos();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = new Bucket();
            bucket.tokens = capacity;
            bucket.updatedNanos = now;
            buckets.put(key, bucket);
        } else {
            long elapsed = Math.max(0, now - bucket.updatedNanos);
            bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * refillPerNano);
            bucket.updatedNanos = now;
        }
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return OptionalLong.empty();
        }
        double missingNanos = (1 - bucket.tokens) / refillPerNano;
        return OptionalLong.of(Math.max(1, (long) Math.ceil(missingNanos / 1_000_000_000d)));
    }

    private long nanos() {
        // The injected clock lets tests move time; millisecond resolution is plenty for request rates.
        return clock.millis() * 1_000_000L;
    }
}
