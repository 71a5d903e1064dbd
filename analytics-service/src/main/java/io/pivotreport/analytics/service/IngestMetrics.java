package io.pivotreport.analytics.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pivotreport.analytics.messaging.DeadLetterReason;
import io.pivotreport.events.SessionEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * Ingest counters and the tenant-free report performance metrics. Recorded only for rows that were newly stored, so
 * a replayed batch does not count twice. No tenant, account or event id is ever a tag.
 */
@Startup // registers its meters at start, so every series is scraped from the first minute
@ApplicationScoped
public class IngestMetrics {

    /** Buckets for report generation time: interactive reports should finish within a few seconds. */
    static final Duration[] GENERATION_BUCKETS = {
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60)};

    private Counter ingested;
    private Counter duplicates;
    private Counter reportFailures;
    private Counter droppedErasedTenant;
    private Timer generation;
    private final Map<DeadLetterReason, Counter> deadLettered = new EnumMap<>(DeadLetterReason.class);

    @Inject
    void register(MeterRegistry registry) {
        ingested = Counter.builder("pivot_session_events_ingested_total")
                .description("Session events stored (first delivery of an event id)").register(registry);
        duplicates = Counter.builder("pivot_session_events_duplicates_total")
                .description("Session events skipped because their event id was already stored").register(registry);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLettered.put(reason, Counter.builder("pivot_session_events_dead_lettered_total")
                    .description("Session event records sent to the dead-letter topic, by fixed reason code")
                    .tag("reason", reason.code()).register(registry));
        }
        generation = Timer.builder("pivot_report_generation_seconds")
                .description("Report generation time (timings.totalMs of stored report_generated events)")
                .serviceLevelObjectives(GENERATION_BUCKETS)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        droppedErasedTenant = Counter.builder("pivot_session_events_dropped_total")
                .description("Valid session events not stored, by fixed reason (tenant_erased: the tenant was erased)")
                .tag("reason", "tenant_erased").register(registry);
        reportFailures = Counter.builder("pivot_report_failures_total")
                .description("Stored report_failed events").register(registry);
    }

    void stored(Collection<SessionEvent> newlyStored, int duplicateCount) {
        ingested.increment(newlyStored.size());
        duplicates.increment(duplicateCount);
        for (SessionEvent event : newlyStored) {
            if (event.type() == SessionEvent.EventType.REPORT_GENERATED && event.timings() != null
                    && event.timings().totalMs() != null) {
                generation.record(Duration.ofMillis(event.timings().totalMs()));
            } else if (event.type() == SessionEvent.EventType.REPORT_FAILED) {
                reportFailures.increment();
            }
        }
    }

    void droppedForErasedTenant(int count) {
        droppedErasedTenant.increment(count);
    }

    void deadLettered(DeadLetterReason reason) {
        deadLettered.get(reason).increment();
    }
}
