package io.pivotreport.platform.logging.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Turns on the latency histogram of Quarkus' HTTP server timer ({@code http.server.requests}). Quarkus applies every
 * {@link MeterFilter} bean to its registries before the first meter is created.
 */
@Singleton
public class MetricsCustomizer {

    /** Micrometer's name of the HTTP server timer (Prometheus: {@code http_server_requests_seconds_*}). */
    public static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    @Produces
    @Singleton
    MeterFilter httpServerHistogram(MetricsConfig config) {
        if (!config.httpHistogram()) {
            return new MeterFilter() {
            };
        }
        double min = config.httpHistogramMin().toNanos();
        double max = config.httpHistogramMax().toNanos();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig statistics) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return statistics;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .minimumExpectedValue(min)
                        .maximumExpectedValue(max)
                        .build()
                        .merge(statistics);
            }
        };
    }
}
