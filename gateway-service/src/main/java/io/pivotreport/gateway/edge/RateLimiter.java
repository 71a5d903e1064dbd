package io.pivotreport.gateway.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.platform.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.OptionalLong;

/** The per-tenant rate limit: 429 with {@code Retry-After}, counted in {@code pivot_rate_limit_hits_total}. */
@ApplicationScoped
public class RateLimiter {

    public static final String METRIC = "pivot_rate_limit_hits_total";

    private final boolean enabled;
    private final TokenBucketLimiter buckets;
    private final Counter hits;
    private final TokenBucketLimiter engineers;

    public RateLimiter(GatewayConfig config, Clock clock, MeterRegistry registry) {
        GatewayConfig.RateLimit limits = config.rateLimit();
        this.enabled = limits.enabled();
        this.buckets = new TokenBucketLimiter(limits.capacity(), limits.refillPerSecond(), limits.maxTenants(), clock);
        GatewayConfig.Support.SupportRateLimit support = config.support().rateLimit();
        this.engineers = new TokenBucketLimiter(support.capacity(), support.refillPerSecond(), 1000, clock);
        this.hits = Counter.builder(METRIC).description("Requests refused by the per-tenant rate limit")
                .register(registry);
    }

    /**
     * Null when the support engineer may go on, otherwise the 429 answer: support access is for looking into one
     * problem, not for bulk export, so one engineer gets a small bucket (on even when the tenant limit is off).
     */
    public Response checkEngineer(String engineer) {
        OptionalLong retryAfter = engineers.tryAcquire(engineer);
        if (retryAfter.isEmpty()) {
            return null;
        }
        hits.increment();
        return Problem.of(429, "rate-limited", "Too many requests",
                        "Support requests are limited per engineer; try again shortly")
                .toResponseBuilder().header("Retry-After", Long.toString(retryAfter.getAsLong())).build();
    }

    /** Null when the tenant may go on, otherwise the 429 answer. */
    public Response check(String tenantId) {
        if (!enabled || tenantId == null) {
            return null;
        }
        OptionalLong retryAfter = buckets.tryAcquire(tenantId);
        if (retryAfter.isEmpty()) {
            return null;
        }
        hits.increment();
        return Problem.of(429, "rate-limited", "Too many requests",
                        "This site sends requests faster than the app accepts them; try again shortly")
                .toResponseBuilder().header("Retry-After", Long.toString(retryAfter.getAsLong())).build();
    }
}
