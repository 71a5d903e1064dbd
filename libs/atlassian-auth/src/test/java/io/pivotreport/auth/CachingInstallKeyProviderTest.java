package io.pivotreport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachingInstallKeyProviderTest {
    private final MutableClock clock = MutableClock.at(Fixtures.NOW);
    private final Map<String, Integer> calls = new HashMap<>();

    private PublicKey fetch(String kid) throws KeyUnavailableException {
        calls.merge(kid, 1, Integer::sum);
        if (kid.startsWith("bad")) {
            throw new KeyUnavailableException("nope");
        }
        return TestKeys.INSTALL.getPublic();
    }

    @Test
    void hitsAreServedFromTheCache() throws KeyUnavailableException {
        CachingInstallKeyProvider cache = new CachingInstallKeyProvider(this::fetch, clock);
        assertSame(cache.publicKey("k"), cache.publicKey("k"));
        assertEquals(1, calls.get("k"));
    }

    @Test
    void cacheIsBoundedAndEvictsTheLeastRecentlyUsedKid() throws KeyUnavailableException {
        CachingInstallKeyProvider cache = new CachingInstallKeyProvider(this::fetch, clock, 2, Duration.ofSeconds(10));
        cache.publicKey("a");
        cache.publicKey("b");
        cache.publicKey("a");
        cache.publicKey("c"); // evicts b
        cache.publicKey("a");
        cache.publicKey("b");
        assertEquals(1, calls.get("a"));
        assertEquals(2, calls.get("b"));
    }

    @Test
    void failuresAreRememberedOnlyForTheNegativeTtl() {
        CachingInstallKeyProvider cache = new CachingInstallKeyProvider(this::fetch, clock, 8, Duration.ofSeconds(10));
        assertThrows(KeyUnavailableException.class, () -> cache.publicKey("bad"));
        clock.advance(Duration.ofSeconds(9));
        assertThrows(KeyUnavailableException.class, () -> cache.publicKey("bad"));
        assertEquals(1, calls.get("bad"));
        clock.advance(Duration.ofSeconds(1));
        assertThrows(KeyUnavailableException.class, () -> cache.publicKey("bad"));
        assertEquals(2, calls.get("bad"));
    }
}
