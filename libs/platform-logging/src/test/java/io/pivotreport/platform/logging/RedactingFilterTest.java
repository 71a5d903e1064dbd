package io.pivotreport.platform.logging;

import io.pivotreport.platform.logging.redaction.RedactedThrowable;
import io.pivotreport.platform.logging.redaction.RedactingFilter;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static io.pivotreport.platform.logging.SensitiveValues.ALL_IN_ONE;
import static io.pivotreport.platform.logging.SensitiveValues.EMAIL;
import static io.pivotreport.platform.logging.SensitiveValues.JWT;
import static io.pivotreport.platform.logging.SensitiveValues.SHARED_SECRET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactingFilterTest {

    private final Filter filter = new RedactingFilter();

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void printfParametersAreFormattedIntoTheMessageAndRedacted() {
        ExtLogRecord record = record("tenant %s sent %s", ExtLogRecord.FormatStyle.PRINTF, "t-1", ALL_IN_ONE);

        assertTrue(filter.isLoggable(record));

        assertNull(record.getParameters());
        assertEquals(ExtLogRecord.FormatStyle.NO_FORMAT, record.getFormatStyle());
        assertTrue(record.getMessage().startsWith("tenant t-1 sent GET /installed?lic=active&jwt=[REDACTED]"),
                record.getMessage());
        assertEquals(List.of(), SensitiveValues.foundIn(record.getMessage()));
    }

    @Test
    void messageFormatParametersAreFormattedIntoTheMessageAndRedacted() {
        ExtLogRecord record = record("mail {0} token {1}", ExtLogRecord.FormatStyle.MESSAGE_FORMAT, EMAIL, JWT);

        filter.isLoggable(record);

        assertEquals("mail [REDACTED:email] token [REDACTED:jwt]", record.getMessage());
    }

    @Test
    void aPlainMessageWithNothingToHideIsLeftAsItWas() {
        ExtLogRecord record = record("report 42 saved", ExtLogRecord.FormatStyle.MESSAGE_FORMAT);

        filter.isLoggable(record);

        assertEquals("report 42 saved", record.getMessage());
        assertEquals(ExtLogRecord.FormatStyle.MESSAGE_FORMAT, record.getFormatStyle());
    }

    @Test
    void exceptionMessagesAlongTheWholeChainAreRedactedAndTheOriginalStaysIntact() {
        IllegalArgumentException cause = new IllegalArgumentException("cause has " + SHARED_SECRET);
        IllegalStateException failure = new IllegalStateException("failure has " + JWT, cause);
        failure.addSuppressed(new UnsupportedOperationException("suppressed has " + EMAIL));
        ExtLogRecord record = record("request failed", ExtLogRecord.FormatStyle.NO_FORMAT);
        record.setThrown(failure);

        filter.isLoggable(record);

        RedactedThrowable shown = assertInstanceOf(RedactedThrowable.class, record.getThrown());
        assertEquals("java.lang.IllegalStateException: failure has [REDACTED:jwt]", shown.toString());
        assertEquals("java.lang.IllegalArgumentException: cause has [REDACTED:secret]", shown.getCause().toString());
        assertEquals("java.lang.UnsupportedOperationException: suppressed has [REDACTED:email]",
                shown.getSuppressed()[0].toString());
        assertArrayEquals(failure.getStackTrace(), shown.getStackTrace());
        assertEquals("failure has " + JWT, failure.getMessage(), "the application's exception is not touched");
    }

    @Test
    void anExceptionWithNothingToHideIsKept() {
        IllegalStateException failure = new IllegalStateException("database unavailable");
        ExtLogRecord record = record("request failed", ExtLogRecord.FormatStyle.NO_FORMAT);
        record.setThrown(failure);

        filter.isLoggable(record);

        assertSame(failure, record.getThrown());
    }

    @Test
    void mdcAndNdcValuesAreRedacted() {
        MDC.put("tenant", "t-1");
        MDC.put("note", "from " + EMAIL);
        ExtLogRecord record = record("hello", ExtLogRecord.FormatStyle.NO_FORMAT);
        record.setNdc("auth " + JWT);

        filter.isLoggable(record);

        assertEquals("t-1", record.getMdc("tenant"));
        assertEquals("from [REDACTED:email]", record.getMdc("note"));
        assertEquals("auth [REDACTED:jwt]", record.getNdc());
        assertEquals("from " + EMAIL, MDC.get("note"), "the thread's MDC is not touched");
    }

    @Test
    void plainJulRecordsAreRedactedToo() {
        LogRecord record = new LogRecord(Level.WARNING, "secret {0}");
        record.setParameters(new Object[]{SHARED_SECRET});

        filter.isLoggable(record);

        assertEquals("secret [REDACTED:secret]", record.getMessage());
        assertNull(record.getParameters());
    }

    @Test
    void inFrontOfAnotherFilterItRedactsAndKeepsThatFiltersDecision() {
        Filter rejectAll = r -> false;
        Filter chained = RedactingFilter.before(rejectAll);
        ExtLogRecord record = record("mail %s", ExtLogRecord.FormatStyle.PRINTF, EMAIL);

        assertFalse(chained.isLoggable(record));
        assertEquals("mail [REDACTED:email]", record.getMessage());
        assertTrue(RedactingFilter.redactsFirst(chained));
        assertSame(chained, RedactingFilter.before(chained), "installing twice does not stack");
    }

    private static ExtLogRecord record(String message, ExtLogRecord.FormatStyle style, Object... parameters) {
        ExtLogRecord record = new ExtLogRecord(org.jboss.logmanager.Level.INFO, message, style,
                RedactingFilterTest.class.getName());
        record.setLoggerName("io.pivotreport.test");
        if (parameters.length > 0) {
            record.setParameters(parameters);
        }
        return record;
    }
}
