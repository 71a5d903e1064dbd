package io.pivotreport.platform.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.pivotreport.platform.logging.shipping.LokiLogHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LokiLogHandlerTest {

    private final List<ILoggingEvent> shipped = new CopyOnWriteArrayList<>();
    private LokiLogHandler handler;

    @AfterEach
    void stop() {
        MDC.clear();
        if (handler != null) {
            handler.drainAndStop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aStuckSinkNeverBlocksTheLoggingThreadAndEveryDroppedRecordIsCounted() throws Exception {
        CountDownLatch sinkEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        handler = new LokiLogHandler(2, event -> {
            sinkEntered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            shipped.add(event);
        });
        handler.publish(record("record 0"));
        assertTrue(sinkEntered.await(10, TimeUnit.SECONDS));

        for (int i = 1; i < 10; i++) {
            handler.publish(record("record " + i)); // returns at once although the sink is stuck
        }

        assertEquals(7, handler.droppedQueueFull(), "queue of 2 while the sink holds record 0");
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> shipped.size() == 3);
        assertEquals(List.of("record 0", "record 1", "record 2"),
                shipped.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Test
    void eventsAreRedactedAndCarryOnlyTraceSpanAndTenantFromTheMdc() {
        handler = new LokiLogHandler(100, shipped::add);
        MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        MDC.put("spanId", "00f067aa0ba902b7");
        MDC.put("tenant", "3f2b8c1e-7d4a-4e5b-9c6d-1a2b3c4d5e6f");
        MDC.put("note", "anything else");
        ExtLogRecord record = record("user mail %s");
        record.setParameters(new Object[]{SensitiveValues.EMAIL});

        handler.publish(record);

        await().atMost(Duration.ofSeconds(10)).until(() -> shipped.size() == 1);
        ILoggingEvent event = shipped.get(0);
        assertEquals("user mail [REDACTED:email]", event.getFormattedMessage());
        assertEquals(Map.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736", "span_id", "00f067aa0ba902b7",
                "tenant", "3f2b8c1e-7d4a-4e5b-9c6d-1a2b3c4d5e6f"), event.getMDCPropertyMap());
        assertEquals(ch.qos.logback.classic.Level.WARN, event.getLevel());
        assertEquals("io.pivotreport.test", event.getLoggerName());
    }

    @Test
    void stoppingHandsEveryQueuedRecordToTheSink() {
        CountDownLatch release = new CountDownLatch(1);
        handler = new LokiLogHandler(100, event -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            shipped.add(event);
        });
        for (int i = 0; i < 20; i++) {
            handler.publish(record("record " + i));
        }
        release.countDown();

        assertTrue(handler.drainAndStop(Duration.ofSeconds(10)));
        assertEquals(20, shipped.size());
        handler.publish(record("after stop"));
        assertEquals(20, shipped.size(), "a stopped handler takes nothing");
    }

    @Test
    void theShippingsOwnWarningsAreNotShippedToAvoidALoop() {
        handler = new LokiLogHandler(100, shipped::add);
        ExtLogRecord own = record("Log shipping to Loki: connection refused");
        own.setLoggerName("io.pivotreport.platform.logging.shipping");
        handler.publish(own);
        handler.publish(record("ordinary"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !shipped.isEmpty());
        assertTrue(handler.drainAndStop(Duration.ofSeconds(5)));
        assertEquals(List.of("ordinary"), shipped.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    private static ExtLogRecord record(String message) {
        ExtLogRecord record = new ExtLogRecord(Level.WARN, message, ExtLogRecord.FormatStyle.PRINTF,
                LokiLogHandlerTest.class.getName());
        record.setLoggerName("io.pivotreport.test");
        return record;
    }
}
