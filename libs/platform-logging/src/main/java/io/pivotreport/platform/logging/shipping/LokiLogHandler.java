package io.pivotreport.platform.logging.shipping;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.pivotreport.platform.logging.redaction.RedactingFilter;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A Quarkus (JBoss LogManager) handler that hands records to Loki4j without ever making the logging thread wait: the
 * record is redacted, copied into a Logback event and offered to a bounded queue; a single daemon thread feeds the
 * appender. A full queue drops the record and counts it.
 */
public final class LokiLogHandler extends ExtHandler {

    /** Records of this logger describe the shipping itself; shipping them could feed a failure loop. */
    static final String OWN_LOGGER = "io.pivotreport.platform.logging.shipping";

    private final BlockingQueue<ILoggingEvent> queue;
    private final Consumer<ILoggingEvent> sink;
    private final LongAdder droppedQueueFull = new LongAdder();
    private final Thread forwarder;
    private volatile boolean closed;

    /**
     * @param queueCapacity records that may wait for the forwarder
     * @param sink          receives the events on the forwarder thread, in logging order (the Loki4j appender)
     */
    public LokiLogHandler(int queueCapacity, Consumer<ILoggingEvent> sink) {
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.sink = sink;
        this.forwarder = new Thread(this::forward, "pivot-loki-forwarder");
        this.forwarder.setDaemon(true);
        this.forwarder.start();
    }

    @Override
    protected void doPublish(ExtLogRecord record) {
        if (closed || isOwn(record.getLoggerName())) {
            return;
        }
        RedactingFilter.redactInPlace(record);
        if (!queue.offer(ShippedEvent.of(record))) {
            droppedQueueFull.increment();
        }
    }

    private static boolean isOwn(String loggerName) {
        return loggerName != null && loggerName.startsWith(OWN_LOGGER);
    }

    private void forward() {
        while (true) {
            ILoggingEvent event;
            try {
                event = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                // a broken event must not stop shipping of the next ones; Loki4j reports its own failures
            }
        }
    }

    /** Records dropped because the queue was full. */
    public long droppedQueueFull() {
        return droppedQueueFull.sum();
    }

    /** Records waiting for the forwarder. */
    public int queued() {
        return queue.size();
    }

    /**
     * Stops accepting records and lets the forwarder hand the queued ones to the sink, waiting at most
     * {@code timeout}. Returns true if the queue was drained in time.
     */
    public boolean drainAndStop(Duration timeout) {
        closed = true;
        try {
            forwarder.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (forwarder.isAlive()) {
            forwarder.interrupt();
            return false;
        }
        return true;
    }

    @Override
    public void flush() {
        // batches leave on Loki4j's timer; nothing to flush synchronously
    }

    @Override
    public void close() {
        drainAndStop(Duration.ZERO);
    }
}
