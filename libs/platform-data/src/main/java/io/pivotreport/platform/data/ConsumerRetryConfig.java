package io.pivotreport.platform.data;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How every Kafka consumer waits out a failure it cannot handle yet (database or broker away); see {@link ConsumerRetry}. */
@ConfigMapping(prefix = "pivot.consumer-retry")
public interface ConsumerRetryConfig {

    /**
     * Wait before the first retry of a record or batch whose handling failed transiently (at least 10 ms, at most
     * {@link #maxBackoff()}). The wait doubles on every further failure up to {@link #maxBackoff()}; attempts are
     * unlimited, so nothing is skipped or dead-lettered because the database or the broker was away.
     */
    @WithDefault("500ms")
    Duration initialBackoff();

    /** Longest wait between two attempts (at most 5 minutes): the most a consumer lags behind a database that is back. */
    @WithDefault("15s")
    Duration maxBackoff();
}
