package io.pivotreport.gateway.edge;

import io.pivotreport.gateway.support.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketLimiterTest {

    @Test
    void burstUpToCapacityThenRefusedWithRetryAfter() {
        MovableClock clock = new MovableClock();
        TokenBucketLimiter limiter = new TokenBucketLimiter(3, 0.5, 10, clock);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire("t1").isEmpty());
        }
        OptionalLong retryAfter = limiter.tryAcquire("t1");
        assertEquals(2, retryAfter.getAsLong(), "one token needs 2 s at 0.5 tokens/s");
    }

    @Test
    void tokensComeBackWithTime() {
        MovableClock clock = new MovableClock();
        TokenBucketLimiter limiter = new TokenBucketLimiter(2, 1, 10, clock);
        limiter.tryAcquire("t1");
        limiter.tryAcquire("t1");
        assertTrue(limiter.tryAcquire("t1").isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(limiter.tryAcquire("t1").isEmpty());
        clock.advance(Duration.ofHours(1));
        assertTrue(limiter.tryAcquire("t1").isEmpty());
        assertTrue(limiter.tryAcquire("t1").isEmpty());
        assertTrue(limiter.tryAcquire("t1").isPresent(), "a long pause refills to capacity, not beyond");
    }

    @Test
    void tenantsHaveTheirOwnBuckets() {
        MovableClock clock = new MovableClock();
        TokenBucketLimiter limiter = new TokenBucketLimiter(1, 1, 10, clock);
        assertTrue(limiter.tryAcquire("t1").isEmpty());
        assertTrue(limiter.tryAcquire("t1").isPresent());
        assertTrue(limiter.tryAcquire("t2").isEmpty());
    }

    @Test
    void bucketCountIsBounded() {
        MovableClock clock = new MovableClock();
        TokenBucketLimiter limiter = new TokenBucketLimiter(1, 1, 2, clock);
        limiter.tryAcquire("t1");
        limiter.tryAcquire("t2");
        limiter.tryAcquire("t3"); // evicts t1, the least recently used
        assertTrue(limiter.tryAcquire("t1").isEmpty(), "an evicted tenant starts again with a full bucket");
    }
}
