package io.pivotreport.gateway.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Refuses to start with settings that would quietly break a security promise (internal tokens living longer than
 * 60 s, HSTS shorter than a year, a non-HTTPS base URL outside local development). Failing at start-up is cheaper than
 * finding out in an audit.
 */
@Singleton
public class GatewayConfigCheck {

    static final Duration MAX_INTERNAL_TOKEN_LIFETIME = Duration.ofSeconds(60);
    static final Duration MIN_HSTS_MAX_AGE = Duration.ofDays(365);
    static final Duration MAX_SUPPORT_TOKEN_LIFETIME = Duration.ofHours(1);

    void onStart(@Observes StartupEvent event, GatewayConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("gateway configuration refused: " + String.join("; ", problems));
        }
    }

    static List<String> problems(GatewayConfig config) {
        List<String> problems = new ArrayList<>();
        Duration lifetime = config.internalToken().lifetime();
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_INTERNAL_TOKEN_LIFETIME) > 0) {
            problems.add("pivot.gateway.internal-token.lifetime must be between 1 and 60 seconds");
        }
        if (config.hsts().maxAge().compareTo(MIN_HSTS_MAX_AGE) < 0) {
            problems.add("pivot.gateway.hsts.max-age must be at least 31536000 seconds");
        }
        URI base = config.baseUrl();
        if (!base.isAbsolute() || base.getHost() == null) {
            problems.add("pivot.gateway.base-url must be an absolute URL");
        } else if (!"https".equals(base.getScheme().toLowerCase(Locale.ROOT)) && !isLoopback(base.getHost())) {
            problems.add("pivot.gateway.base-url must be https (Atlassian refuses anything else)");
        }
        if (!config.appKey().matches("[a-zA-Z0-9._-]{1,64}")) {
            problems.add("pivot.gateway.app-key must be at most 64 characters [a-zA-Z0-9._-]");
        }
        if (config.rateLimit().capacity() < 1 || config.rateLimit().refillPerSecond() <= 0) {
            problems.add("pivot.gateway.rate-limit.capacity and refill-per-second must be positive");
        }
        if (config.events().maxEvents() < 1 || config.events().maxBodyBytes() < 1) {
            problems.add("pivot.gateway.events limits must be positive");
        }
        Duration supportLifetime = config.support().maxTokenLifetime();
        if (supportLifetime.isNegative() || supportLifetime.isZero()
                || supportLifetime.compareTo(MAX_SUPPORT_TOKEN_LIFETIME) > 0) {
            problems.add("pivot.gateway.support.max-token-lifetime must be between 1 second and 1 hour");
        }
        if (config.support().rateLimit().capacity() < 1 || config.support().rateLimit().refillPerSecond() <= 0) {
            problems.add("pivot.gateway.support.rate-limit.capacity and refill-per-second must be positive");
        }
        for (String pattern : config.allowedHostPatterns()) {
            if (!HostPatterns.isValidPattern(pattern)) {
                problems.add("pivot.gateway.allowed-host-patterns has an invalid entry");
            }
        }
        return problems;
    }

    private static boolean isLoopback(String host) {
        return "localhost".equals(host) || "127.0.0.1".equals(host);
    }
}
