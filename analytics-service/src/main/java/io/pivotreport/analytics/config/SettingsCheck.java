package io.pivotreport.analytics.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Refuses to start with settings that would break a policy promise: session data kept longer than 30 days (P3) or
 * organisation ids stored without a proper hash key (P14). Failing loudly at start-up beats a service that quietly
 * keeps data too long.
 */
@ApplicationScoped
public class SettingsCheck {

    /** The policy's ceiling for session data (P3). */
    public static final Duration MAX_RETENTION = Duration.ofDays(30);
    /** HMAC-SHA256 keys shorter than the hash output weaken it. */
    public static final int MIN_KEY_BYTES = 32;

    void onStart(@Observes StartupEvent event, AnalyticsConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("analytics-service refuses to start: " + String.join("; ", problems));
        }
    }

    /** Every setting that is out of bounds, described without echoing secret values. */
    public static List<String> problems(AnalyticsConfig config) {
        List<String> problems = new ArrayList<>();
        Duration retention = config.retention();
        if (retention.isNegative() || retention.isZero()) {
            problems.add("pivot.analytics.retention must be positive");
        } else if (retention.compareTo(MAX_RETENTION) > 0) {
            problems.add("pivot.analytics.retention is " + retention + " but the privacy policy allows at most P30D");
        }
        String key = config.orgHashKey().map(String::trim).orElse("");
        if (key.isEmpty()) {
            problems.add("pivot.analytics.org-hash-key (env PIVOT_ANALYTICS_ORG_HASH_KEY) is required: a base64 key of"
                    + " at least " + MIN_KEY_BYTES + " bytes");
        } else {
            try {
                if (Base64.getDecoder().decode(key).length < MIN_KEY_BYTES) {
                    problems.add("pivot.analytics.org-hash-key must decode to at least " + MIN_KEY_BYTES + " bytes");
                }
            } catch (IllegalArgumentException e) {
                problems.add("pivot.analytics.org-hash-key is not valid base64");
            }
        }
        if (config.purge().chunkSize() < 1) {
            problems.add("pivot.analytics.purge.chunk-size must be at least 1");
        }
        if (config.purge().interval().compareTo(Duration.ofMinutes(1)) < 0
                || config.purge().interval().compareTo(Duration.ofDays(1)) > 0) {
            problems.add("pivot.analytics.purge.interval must be between 1 minute and 1 day");
        }
        if (config.support().maxRangeDays() < 1) {
            problems.add("pivot.analytics.support.max-range-days must be at least 1");
        }
        return problems;
    }
}
