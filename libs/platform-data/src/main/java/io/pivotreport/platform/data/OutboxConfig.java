package io.pivotreport.platform.data;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The outbox relay's settings. */
@ConfigMapping(prefix = "pivot.outbox")
public interface OutboxConfig {

    /** How often the relay looks for unsent events. */
    @WithDefault("1s")
    Duration pollInterval();

    /** The most events relayed in one pass. */
    @WithDefault("200")
    int batchSize();

    /** How long the relay waits for the broker to acknowledge a pass before trying again later. */
    @WithDefault("10s")
    Duration sendTimeout();

    /** How long sent events are kept for troubleshooting before they are deleted (never above 30 days: P2/P3). */
    @WithDefault("P1D")
    Duration keepSent();
}
