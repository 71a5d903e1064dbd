package io.pivotreport.platform.logging.shipping;

import ch.qos.logback.classic.LoggerContext;
import com.github.loki4j.logback.Loki4jAppender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.pivotreport.platform.logging.metrics.MetricNames;
import io.pivotreport.platform.logging.redaction.RedactingFilter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.DelayedHandler;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.logging.Handler;
import java.util.logging.Level;

/**
 * Start-up and shutdown of the logging pipeline.
 *
 * <ol>
 *   <li>Puts {@link RedactingFilter} in front of every handler attached to a logger (in Quarkus: the root delayed
 *       handler that feeds console, file and any other handler), so no handler prints an unredacted record even if
 *       it was configured without the named filter.</li>
 *   <li>If {@code pivot.logging.loki.url} is set, starts a private Logback context with the Loki4j appender and adds
 *       a {@link LokiLogHandler} next to the console handler.</li>
 *   <li>On shutdown, removes the handler, lets queued records reach Loki4j and stops the appender (which pushes the
 *       last batches), all bounded by {@code pivot.logging.loki.shutdown-timeout}.</li>
 * </ol>
 *
 * <p>Metrics (always registered, zero while shipping is off): {@value #DROPPED}{reason="queue_full"|
 * "loki_backpressure"} counts records that never left the process, {@value #FAILED_BATCHES} counts batches Loki never
 * accepted after the bounded retries. Loki4j's own meters ({@code loki4j_*}) are exported as well.
 */
@ApplicationScoped
public class LogShipping {

    public static final String DROPPED = MetricNames.LOG_SHIPPING_DROPPED;
    public static final String FAILED_BATCHES = MetricNames.LOG_SHIPPING_FAILED_BATCHES;

    private static final Logger LOG = Logger.getLogger(LokiLogHandler.OWN_LOGGER);

    @Inject
    LokiConfig config;

    @Inject
    MeterRegistry registry;

    private volatile LokiLogHandler handler;
    private volatile Handler parent;
    private volatile LoggerContext logbackContext;
    private volatile Loki4jAppender appender;
    private long droppedByEarlierHandlers;

    void onStart(@Observes @Priority(1) StartupEvent event) {
        installRedactionInFrontOfEveryHandler();
        warnIfLogbackCapturedSlf4j();
        registerMetrics();
        config.url().filter(url -> !url.isBlank()).ifPresent(this::start);
    }

    void onStop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        stop();
    }

    /** True while records are being shipped. */
    public boolean isShipping() {
        return handler != null;
    }

    static void installRedactionInFrontOfEveryHandler() {
        LogContext context = LogContext.getLogContext();
        for (String name : Collections.list(context.getLoggerNames())) {
            redactFirst(context.getLogger(name).getHandlers());
        }
        redactFirst(context.getLogger("").getHandlers());
    }

    /** Logback is on the class path for Loki4j only; if it became SLF4J's backend, Kafka and Flyway logs are lost. */
    static void warnIfLogbackCapturedSlf4j() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
            LOG.warn("SLF4J logs to Logback, not to Quarkus: their lines reach neither the console nor Loki. Add "
                    + "quarkus.class-loading.removed-resources.\"ch.qos.logback\\:logback-classic\"="
                    + "META-INF/services/org.slf4j.spi.SLF4JServiceProvider to application.properties");
        }
    }

    private static void redactFirst(Handler[] handlers) {
        for (Handler h : handlers) {
            if (!(h instanceof LokiLogHandler) && !RedactingFilter.redactsFirst(h.getFilter())) {
                h.setFilter(RedactingFilter.before(h.getFilter()));
            }
        }
    }

    private void registerMetrics() {
        String dropped = "Log records that never left this process (queue_full: the shipping queue was full; "
                + "loki_backpressure: Loki4j refused them while Loki was slow)";
        FunctionCounter.builder(DROPPED, this, LogShipping::droppedQueueFull)
                .description(dropped)
                .tag("reason", "queue_full")
                .register(registry);
        FunctionCounter.builder(DROPPED, this, shipping -> loki4jCount("loki4j.drop.events"))
                .description(dropped)
                .tag("reason", "loki_backpressure")
                .register(registry);
        FunctionCounter.builder(FAILED_BATCHES, this, shipping -> loki4jCount("loki4j.send.errors"))
                .description("Log batches Loki did not accept after the bounded retries; their records are lost")
                .register(registry);
    }

    private synchronized double droppedQueueFull() {
        LokiLogHandler current = handler;
        return droppedByEarlierHandlers + (current == null ? 0 : current.droppedQueueFull());
    }

    /** Loki4j registers its meters in Micrometer's global registry, which Quarkus feeds into its own registries. */
    private static double loki4jCount(String meterName) {
        return Metrics.globalRegistry.find(meterName).tag("appender", LokiAppenderFactory.APPENDER_NAME).counters()
                .stream().mapToDouble(Counter::count).sum();
    }

    private synchronized void start(String pushUrl) {
        if (handler != null) {
            return;
        }
        URI uri = URI.create(pushUrl.trim());
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException(
                    "pivot.logging.loki.url must not carry credentials; use pivot.logging.loki.username/password");
        }
        LoggerContext context = new LoggerContext();
        context.setName("pivot-loki");
        context.getStatusManager().add(new LokiAppenderFactory.ThrottledStatusListener());
        context.start();
        Loki4jAppender lokiAppender = LokiAppenderFactory.create(context, config, uri.toString());
        lokiAppender.start();

        LokiLogHandler lokiHandler = new LokiLogHandler(config.queueCapacity(), lokiAppender::doAppend);
        lokiHandler.setLevel(minLevel());
        Handler root = rootDelayedHandler();
        if (root instanceof DelayedHandler delayed) {
            // beside the console: same redaction and clean-up filter in front, same level checks
            delayed.addHandler(lokiHandler);
        } else {
            LogContext.getLogContext().getLogger("").addHandler(lokiHandler);
        }
        this.logbackContext = context;
        this.appender = lokiAppender;
        this.parent = root;
        this.handler = lokiHandler;
        LOG.infof("Shipping logs to Loki at %s://%s%s as service_name=%s env=%s", uri.getScheme(), uri.getAuthority(),
                uri.getPath(), LokiAppenderFactory.labelValue(config.serviceName()),
                LokiAppenderFactory.labelValue(config.environment()));
    }

    private Level minLevel() {
        try {
            return LogContext.getLogContext().getLevelForName(config.minLevel().trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pivot.logging.loki.min-level: unknown level " + config.minLevel(), e);
        }
    }

    private static Handler rootDelayedHandler() {
        for (Handler h : LogContext.getLogContext().getLogger("").getHandlers()) {
            if (h instanceof DelayedHandler) {
                return h;
            }
        }
        return null;
    }

    /** Stops shipping; the last records and batches get {@code shutdown-timeout} to reach Loki. */
    synchronized void stop() {
        LokiLogHandler current = handler;
        if (current == null) {
            return;
        }
        handler = null;
        if (parent instanceof DelayedHandler delayed) {
            delayed.removeHandler(current);
        } else {
            LogContext.getLogContext().getLogger("").removeHandler(current);
        }
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        boolean drained = current.drainAndStop(config.shutdownTimeout());
        droppedByEarlierHandlers += current.droppedQueueFull();
        Thread stopper = new Thread(() -> {
            appender.stop();
            logbackContext.stop();
        }, "pivot-loki-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!drained || stopper.isAlive()) {
            LOG.warnf("Log shipping stopped before every record reached Loki (%d still queued); Loki is slow or down",
                    current.queued());
        }
    }
}
