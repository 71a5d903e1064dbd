package io.pivotreport.platform.logging.shipping;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.jboss.logmanager.ExtLogRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * A redacted Quarkus log record as a Logback event for the Loki4j appender. Only three MDC entries travel, renamed to
 * Loki's snake case: {@code trace_id}, {@code span_id} (set by Quarkus OpenTelemetry as {@code traceId}/{@code spanId})
 * and {@code tenant} (set by the services). Any other MDC entry stays on the console.
 */
final class ShippedEvent extends LoggingEvent {

    /** MDC key a service sets to the tenant's id while it works for that tenant. */
    static final String TENANT_MDC_KEY = "tenant";

    private static final Map<String, String> SHIPPED_MDC_KEYS = Map.of(
            "traceId", "trace_id",
            "spanId", "span_id",
            TENANT_MDC_KEY, "tenant");

    private final IThrowableProxy throwableProxy;

    private ShippedEvent(IThrowableProxy throwableProxy) {
        this.throwableProxy = throwableProxy;
    }

    /** Copies {@code record}, which must already be redacted, into an event that no longer depends on the thread. */
    @SuppressWarnings("deprecation")
    static ShippedEvent of(ExtLogRecord record) {
        ShippedEvent event = new ShippedEvent(ShippedThrowableProxy.of(record.getThrown()));
        event.setLoggerName(record.getLoggerName() == null ? "" : record.getLoggerName());
        event.setLevel(level(record.getLevel()));
        event.setMessage(record.getFormattedMessage());
        event.setThreadName(record.getThreadName() == null ? "" : record.getThreadName());
        event.setInstant(record.getInstant());
        Map<String, String> mdc = new HashMap<>(4);
        SHIPPED_MDC_KEYS.forEach((recordKey, shippedKey) -> {
            String value = record.getMdc(recordKey);
            if (value != null && !value.isBlank()) {
                mdc.put(shippedKey, value);
            }
        });
        event.setMDCPropertyMap(mdc);
        return event;
    }

    /** JBoss/JUL levels onto Logback's five. */
    static Level level(java.util.logging.Level level) {
        int value = level == null ? java.util.logging.Level.INFO.intValue() : level.intValue();
        if (value >= org.jboss.logmanager.Level.ERROR.intValue()) {
            return Level.ERROR;
        }
        if (value >= org.jboss.logmanager.Level.WARN.intValue()) {
            return Level.WARN;
        }
        if (value >= org.jboss.logmanager.Level.INFO.intValue()) {
            return Level.INFO;
        }
        if (value >= org.jboss.logmanager.Level.DEBUG.intValue()) {
            return Level.DEBUG;
        }
        return Level.TRACE;
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return throwableProxy;
    }
}
