package io.pivotreport.platform.data;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Instant;
import java.util.Map;

/**
 * Not ready while a Kafka consumer waits for a failure to pass ({@link ConsumerRetry}; typically the database being
 * away): the consumer lags and its records are not stored yet. Data: each waiting channel and since when. Readiness
 * rather than liveness: a restart would not help, the consumer resumes by itself once the dependency answers.
 */
@Readiness
@ApplicationScoped
public class ConsumerRetryReadiness implements HealthCheck {

    public static final String NAME = "consumer-retry";

    @Inject
    ConsumerRetry retry;

    @Override
    public HealthCheckResponse call() {
        Map<String, Instant> waiting = retry.waiting();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(waiting.isEmpty());
        waiting.forEach((channel, since) -> response.withData(channel, "retrying since " + since));
        return response.build();
    }
}
