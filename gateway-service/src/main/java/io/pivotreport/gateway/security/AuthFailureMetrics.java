package io.pivotreport.gateway.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.auth.AuthFailureReason;
import io.pivotreport.auth.TokenClass;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code pivot_auth_failures_total{token_class, reason}}: every refused Atlassian token, by the class the route tried
 * and the token core's fixed reason code. Registered up front so alert rules see zeros, not missing series.
 */
@ApplicationScoped
public class AuthFailureMetrics {

    public static final String METRIC = "pivot_auth_failures_total";

    /** The {@code token_class} tag of support tokens (not an Atlassian class: the support issuer's own). */
    public static final String SUPPORT_TAG = "support";

    private final Map<TokenClass, Map<AuthFailureReason, Counter>> counters = new EnumMap<>(TokenClass.class);
    private final Map<AuthFailureReason, Counter> support = new EnumMap<>(AuthFailureReason.class);

    public AuthFailureMetrics(MeterRegistry registry) {
        for (TokenClass tokenClass : TokenClass.values()) {
            Map<AuthFailureReason, Counter> byReason = new EnumMap<>(AuthFailureReason.class);
            for (AuthFailureReason reason : AuthFailureReason.values()) {
                byReason.put(reason, Counter.builder(METRIC)
                        .description("Atlassian tokens refused by the gateway")
                        .tag("token_class", tag(tokenClass))
                        .tag("reason", reason.code())
                        .register(registry));
            }
            counters.put(tokenClass, byReason);
        }
        for (AuthFailureReason reason : AuthFailureReason.values()) {
            support.put(reason, Counter.builder(METRIC)
                    .description("Atlassian tokens refused by the gateway")
                    .tag("token_class", SUPPORT_TAG)
                    .tag("reason", reason.code())
                    .register(registry));
        }
    }

    public void recordSupport(AuthFailureReason reason) {
        support.get(reason).increment();
    }

    public void record(TokenClass tokenClass, AuthFailureReason reason) {
        counters.get(tokenClass).get(reason).increment();
    }

    public static String tag(TokenClass tokenClass) {
        return tokenClass.name().toLowerCase(Locale.ROOT);
    }
}
