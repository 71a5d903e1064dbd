package io.pivotreport.auth;

import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Forge's JWKS, fetched once and kept. An unknown {@code kid} (key rotation) triggers a refetch, but at most one fetch
 * per {@code minRefetchInterval}, so tokens with made-up kids cannot turn us into a load generator against Forge. The
 * set is also refreshed when older than {@code maxAge}; if that refresh fails the keys already held stay in use.
 */
public final class HttpForgeJwksProvider implements ForgeJwksProvider {
    public static final Duration DEFAULT_MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);

    private record KeySet(Map<String, PublicKey> keys, Instant fetchedAt) {
    }

    private final URI jwksUrl;
    private final KeyFetcher fetcher;
    private final Clock clock;
    private final Duration minRefetchInterval;
    private final Duration maxAge;
    private final Object refreshLock = new Object();

    private volatile KeySet current;
    private Instant lastAttempt; // guarded by refreshLock

    public HttpForgeJwksProvider(URI jwksUrl, Duration connectTimeout, Duration readTimeout, Clock clock) {
        this(jwksUrl, connectTimeout, readTimeout, clock, DEFAULT_MIN_REFETCH_INTERVAL, DEFAULT_MAX_AGE);
    }

    public HttpForgeJwksProvider(URI jwksUrl, Duration connectTimeout, Duration readTimeout, Clock clock,
                                 Duration minRefetchInterval, Duration maxAge) {
        this.jwksUrl = Objects.requireNonNull(jwksUrl, "jwksUrl");
        this.fetcher = new KeyFetcher(connectTimeout, readTimeout);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minRefetchInterval = Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    public static HttpForgeJwksProvider fromSettings(AuthSettings settings, Clock clock) {
        return new HttpForgeJwksProvider(settings.forgeJwksUrl(), settings.connectTimeout(), settings.readTimeout(),
                clock);
    }

    @Override
    public PublicKey publicKey(String kid) throws KeyUnavailableException {
        KeySet set = current;
        if (set != null && isFresh(set)) {
            PublicKey key = set.keys().get(kid);
            if (key != null) {
                return key; // the hot path: no lock
            }
        }
        synchronized (refreshLock) {
            set = current; // another thread may have refreshed while we waited
            if (set == null || !isFresh(set) || !set.keys().containsKey(kid)) {
                set = refreshIfAllowed(set);
            }
            PublicKey key = set == null ? null : set.keys().get(kid);
            if (key == null) {
                throw new KeyUnavailableException(set == null ? "JWKS unavailable" : "kid not in JWKS");
            }
            return key;
        }
    }

    private KeySet refreshIfAllowed(KeySet held) throws KeyUnavailableException {
        Instant now = clock.instant();
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(minRefetchInterval))) {
            return held;
        }
        lastAttempt = now;
        try {
            KeySet fetched = new KeySet(parse(fetcher.get(jwksUrl, "application/json")), now);
            current = fetched;
            return fetched;
        } catch (KeyUnavailableException e) {
            if (held == null) {
                throw e;
            }
            return held; // keep serving the keys we have rather than fail every Forge call
        }
    }

    private boolean isFresh(KeySet set) {
        return clock.instant().isBefore(set.fetchedAt().plus(maxAge));
    }

    static Map<String, PublicKey> parse(String json) throws KeyUnavailableException {
        JsonWebKeySet set;
        try {
            set = new JsonWebKeySet(json);
        } catch (JoseException | RuntimeException e) {
            throw new KeyUnavailableException("JWKS does not parse");
        }
        Map<String, PublicKey> keys = new HashMap<>();
        for (JsonWebKey key : set.getJsonWebKeys()) {
            boolean signingKey = key.getUse() == null || "sig".equals(key.getUse());
            boolean rs256 = key.getAlgorithm() == null || "RS256".equals(key.getAlgorithm());
            if (key instanceof RsaJsonWebKey && key.getKeyId() != null && signingKey && rs256) {
                keys.put(key.getKeyId(), ((RsaJsonWebKey) key).getRsaPublicKey());
            }
        }
        return Map.copyOf(keys);
    }
}
