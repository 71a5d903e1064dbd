package io.pivotreport.platform.logging.redaction;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.text.MessageFormat;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Rewrites a log record in place so that no handler can print a secret: the message is formatted with its parameters
 * and redacted (parameters are then dropped), exception messages along the cause chain are redacted through a
 * {@link RedactedThrowable} copy, MDC and NDC values are redacted. It never rejects a record.
 *
 * <p>Quarkus knows it as the named filter {@value #NAME} ({@code quarkus.log.console.filter=pivot-redaction}, set by
 * this library's defaults), which covers the console from the first boot line. At start-up
 * {@code io.pivotreport.platform.logging.shipping.LogShipping} also puts it in front of every handler attached to a
 * logger, so handlers configured without a filter are covered too.
 */
@LoggingFilter(name = RedactingFilter.NAME)
public final class RedactingFilter implements Filter {

    public static final String NAME = "pivot-redaction";

    @Override
    public boolean isLoggable(LogRecord record) {
        redactInPlace(record);
        return true;
    }

    /**
     * A filter that redacts first and then asks {@code next} (which may be null). Installing it where a handler already
     * has a filter keeps that filter's decision, e.g. Quarkus' log clean-up filter.
     */
    public static Filter before(Filter next) {
        if (next instanceof RedactingFilter || next instanceof RedactingThen) {
            return next;
        }
        return next == null ? new RedactingFilter() : new RedactingThen(next);
    }

    /** True if {@code filter} already redacts before anything else decides. */
    public static boolean redactsFirst(Filter filter) {
        return filter instanceof RedactingFilter || filter instanceof RedactingThen;
    }

    private record RedactingThen(Filter next) implements Filter {
        @Override
        public boolean isLoggable(LogRecord record) {
            redactInPlace(record);
            return next.isLoggable(record);
        }
    }

    /** Redacts message, parameters, exception chain, MDC and NDC of {@code record}. */
    public static void redactInPlace(LogRecord record) {
        if (record == null) {
            return;
        }
        String formatted = formattedMessage(record);
        String redacted = Redactor.redact(formatted);
        boolean rewrite = record.getParameters() != null || record.getResourceBundle() != null
                || !Objects.equals(formatted, record.getMessage()) || !Objects.equals(redacted, formatted);
        if (rewrite) {
            // the record now carries final text: no handler may format (or look up) it again
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(redacted);
            }
            record.setParameters(null);
            record.setResourceBundle(null);
        }
        if (record instanceof ExtLogRecord ext) {
            redactMdc(ext);
            String ndc = ext.getNdc();
            if (ndc != null && !ndc.isEmpty()) {
                ext.setNdc(Redactor.redact(ndc));
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            record.setThrown(RedactedThrowable.redact(thrown));
        }
    }

    private static void redactMdc(ExtLogRecord record) {
        Map<String, String> mdc = record.getMdcCopy();
        for (Map.Entry<String, String> entry : mdc.entrySet()) {
            String value = entry.getValue();
            String redacted = Redactor.redact(value);
            if (value != null && !value.equals(redacted)) {
                record.putMdc(entry.getKey(), redacted);
            }
        }
    }

    /** The text the handler would print, with parameters applied; falls back to the raw parts if formatting fails. */
    @SuppressWarnings("deprecation")
    static String formattedMessage(LogRecord record) {
        try {
            if (record instanceof ExtLogRecord ext) {
                return ext.getFormattedMessage();
            }
            String message = record.getMessage();
            Object[] parameters = record.getParameters();
            if (message == null || parameters == null || parameters.length == 0 || message.indexOf('{') < 0) {
                return message;
            }
            return MessageFormat.format(message, parameters);
        } catch (RuntimeException badFormat) {
            StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
            Object[] parameters = record.getParameters();
            if (parameters != null) {
                for (Object parameter : parameters) {
                    text.append(' ').append(parameter);
                }
            }
            return text.toString();
        }
    }
}
