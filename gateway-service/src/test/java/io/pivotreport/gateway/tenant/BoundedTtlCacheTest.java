package io.pivotreport.gateway.tenant;

import io.pivotreport.gateway.support.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BoundedTtlCacheTest {

    @Test
    void entriesExpireAfterTheirTtlAndNegativeOnesSooner() {
        MovableClock clock = new MovableClock();
        BoundedTtlCache<String> cache = new BoundedTtlCache<>(10, Duration.ofSeconds(60), Duration.ofSeconds(10), clock);
        cache.put("known", "value");
        cache.putAbsent("unknown");
        assertEquals(Optional.of("value"), cache.get("known"));
        assertEquals(Optional.empty(), cache.get("unknown"));
        clock.advance(Duration.ofSeconds(10));
        assertNull(cache.get("unknown"), "negative answers live for the shorter TTL");
        assertEquals(Optional.of("value"), cache.get("known"));
        clock.advance(Duration.ofSeconds(50));
        assertNull(cache.get("known"));
    }

    @Test
    void sizeIsBoundedLeastRecentlyUsedFirst() {
        BoundedTtlCache<String> cache = new BoundedTtlCache<>(2, Duration.ofMinutes(1), Duration.ofMinutes(1),
                new MovableClock());
        cache.put("a", "1");
        cache.put("b", "2");
        cache.get("a");
        cache.put("c", "3");
        assertEquals(2, cache.size());
        assertNull(cache.get("b"));
        assertEquals(Optional.of("1"), cache.get("a"));
    }

    @Test
    void invalidationDropsTheEntry() {
        BoundedTtlCache<String> cache = new BoundedTtlCache<>(2, Duration.ofMinutes(1), Duration.ofMinutes(1),
                new MovableClock());
        cache.put("a", "1");
        cache.invalidate("a");
        assertNull(cache.get("a"));
    }
}
