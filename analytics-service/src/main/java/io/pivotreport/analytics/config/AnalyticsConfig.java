package io.pivotreport.analytics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** analytics-service's own settings. Checked at start-up by {@link SettingsCheck}. */
@ConfigMapping(prefix = "pivot.analytics")
public interface AnalyticsConfig {

    /**
     * How long session data is kept, counted from the event's {@code occurredAt}. The privacy policy (P3) allows at
     * most 30 days: a larger value refuses to start; smaller values are fine. Events already older than this on
     * arrival are dead-lettered ({@code expired}) instead of stored.
     */
    @WithDefault("P30D")
    Duration retention();

    /**
     * Base64 key (at least 32 bytes once decoded) for the HMAC-SHA256 that replaces a server installation's
     * organisation id before anything is stored. Required; the service refuses to start without it. Rotating it
     * forgets every recorded opt-out, because opt-outs are stored under the hash.
     */
    Optional<String> orgHashKey();

    /** The daily session-data purge. */
    Purge purge();

    /** The support aggregates API. */
    Support support();

    interface Purge {

        /** Time between purge runs. */
        @WithDefault("24h")
        Duration interval();

        /** Delay between start-up and the first run, so a restarted service catches up on a missed day. */
        @WithDefault("1m")
        Duration initialDelay();

        /** Rows deleted per transaction, to keep locks and WAL bursts small on a large backlog. */
        @WithDefault("10000")
        int chunkSize();
    }

    interface Support {

        /** The longest date range (days, inclusive) one request may ask for. */
        @WithDefault("31")
        int maxRangeDays();
    }
}
