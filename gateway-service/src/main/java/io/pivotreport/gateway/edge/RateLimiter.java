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

    public RateLimiter(GatewayConfig config, Clock clock, MeterRegistry registry) {
        GatewayConfig.RateLimit limits = config.rateLimit();
        this.enabled = limits.enabled();
        this.buckets = new TokenBucketLimiter(limits.capacity(), limits.refillPerSecond(), limits.maxTenants(), clock);
        this.hits = Counter.builder(METRIC).description("Requests refused by the per-tenant rate limit")
                .register(registry);
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
