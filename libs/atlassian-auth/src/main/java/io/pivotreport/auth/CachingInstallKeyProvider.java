package io.pivotreport.auth;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Caches install keys by {@code kid}. A kid names one immutable key, so hits never expire; the cache is bounded (least
 * recently used out). Failures are remembered for a short time, so a flood of installs with a bad or unknown kid costs
 * one fetch, not one per request.
 */
public final class CachingInstallKeyProvider implements InstallKeyProvider {
    public static final int DEFAULT_MAX_ENTRIES = 256;
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(10);

    private final InstallKeyProvider delegate;
    private final Clock clock;
    private final Duration negativeTtl;
    private final Map<String, PublicKey> keys;
    private final Map<String, Instant> failedUntil;
    private final Object lock = new Object();

    public CachingInstallKeyProvider(InstallKeyProvider delegate, Clock clock) {
        this(delegate, clock, DEFAULT_MAX_ENTRIES, DEFAULT_NEGATIVE_TTL);
    }

    public CachingInstallKeyProvider(InstallKeyProvider delegate, Clock clock, int maxEntries, Duration negativeTtl) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.negativeTtl = Objects.requireNonNull(negativeTtl, "negativeTtl");
        this.keys = lru(maxEntries);
        this.failedUntil = lru(maxEntries);
    }

    @Override
    public PublicKey publicKey(String kid) throws KeyUnavailableException {
        synchronized (lock) {
            PublicKey cached = keys.get(kid);
            if (cached != null) {
                return cached;
            }
            Instant until = failedUntil.get(kid);
            if (until != null) {
                if (clock.instant().isBefore(until)) {
                    throw new KeyUnavailableException("key fetch failed recently");
                }
                failedUntil.remove(kid);
            }
        }
        // Fetched outside the lock: one slow key server must not stall verifications of cached kids.
        try {
            PublicKey key = delegate.publicKey(kid);
            synchronized (lock) {
                keys.put(kid, key);
            }
            return key;
        } catch (KeyUnavailableException e) {
            synchronized (lock) {
                failedUntil.put(kid, clock.instant().plus(negativeTtl));
            }
            throw e;
        }
    }

    private static <V> Map<String, V> lru(int maxEntries) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > maxEntries;
            }
        };
    }
}
