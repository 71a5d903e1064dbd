package io.pivotreport.platform.logging.app;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Keeps the spans in memory. Quarkus uses a SpanExporter bean instead of its OTLP exporter, so the tests can look at
 * spans and no collector is needed (nor complained about).
 */
public class SpanCapture {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
