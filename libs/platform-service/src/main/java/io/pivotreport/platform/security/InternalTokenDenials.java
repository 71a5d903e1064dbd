package io.pivotreport.platform.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts every refused internal call by a fixed reason. A private service is only ever called by the gateway, so any
 * denial here means a bug or someone calling it directly: the alert on this counter fires on the first one.
 */
@Startup // every reason's series exists from the first scrape, so alerts see an increase from 0
@ApplicationScoped
public class InternalTokenDenials {

    public static final String METRIC = "pivot_internal_token_denials_total";

    public enum Reason {
        MISSING, INVALID, WRONG_AUDIENCE, FORBIDDEN, CROSS_TENANT
    }

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

    public InternalTokenDenials(MeterRegistry registry) {
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder(METRIC)
                    .description("Calls to this private service refused at the internal-token check")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    public void record(Reason reason) {
        counters.get(reason).increment();
    }
}
