package io.pivotreport.gateway.tenant;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BoundedTtlCacheTest {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void entriesExpireAfterTheirTtlAndNegativeOnesSooner() {
        MovableClock clock = new MovableClock();
        BoundedTtlCache<String> cache = new BoundedTtlCache<>(10, Duration.ofSeconds(60), Duration.ofSeconds(10), clock);
        cache.put("known", "value");
        cache.putAbsent("unknown");
        assertEquals(Optional.of("value"), cache.get("known"));
        assertEquals(Optional.empty(), cache.get("unknown"));
        clock.now = clock.now.plusSeconds(10);
        assertNull(cache.get("unknown"), "negative answers live for the shorter TTL");
        assertEquals(Optional.of("value"), cache.get("known"));
        clock.now = clock.now.plusSeconds(50);
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
