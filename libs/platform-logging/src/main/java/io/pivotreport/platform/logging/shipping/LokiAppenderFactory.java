package io.pivotreport.platform.logging.shipping;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import com.github.loki4j.logback.JavaHttpSender;
import com.github.loki4j.logback.JsonLayout;
import com.github.loki4j.logback.Loki4jAppender;
import com.github.loki4j.logback.PipelineConfigAppenderBase.BasicAuth;
import com.github.loki4j.logback.PipelineConfigAppenderBase.BatchCfg;
import com.github.loki4j.logback.PipelineConfigAppenderBase.HttpCfg;
import com.github.loki4j.logback.json.MdcJsonProvider;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the private Logback context that runs the Loki4j appender. Nothing here touches SLF4J or the application's
 * logging: the context is created, configured in code and started by {@link LogShipping} only.
 *
 * <p>Stream labels are exactly {@code service_name} and {@code env}; level, logger, trace id, span id and tenant travel
 * as structured metadata (cheap to filter on, no stream explosion); the line is JSON with timestamp, logger, level,
 * thread, message and stack trace.
 */
final class LokiAppenderFactory {

    static final String APPENDER_NAME = "pivot-loki";

    private LokiAppenderFactory() {
    }

    static Loki4jAppender create(LoggerContext context, LokiConfig config, String pushUrl) {
        Loki4jAppender appender = new Loki4jAppender();
        appender.setContext(context);
        appender.setName(APPENDER_NAME);
        appender.setLabels("service_name=" + labelValue(config.serviceName()) + "\nenv=" + labelValue(config.environment()));
        // %%mdc ships only the MDC entries ShippedEvent kept: trace_id, span_id, tenant (absent ones are skipped)
        appender.setStructuredMetadata("level=%level\nlogger=%logger\n*=%%mdc");
        appender.setMetricsEnabled(true);
        appender.setVerbose(false);

        JsonLayout layout = new JsonLayout();
        MdcJsonProvider noMdcInLine = new MdcJsonProvider();
        noMdcInLine.setEnabled(false); // already structured metadata; repeating it in the line costs bytes only
        layout.setMdc(noMdcInLine);
        layout.setContext(context);
        appender.setMessage(layout);

        BatchCfg batch = new BatchCfg();
        batch.setMaxItems(config.batchMaxItems());
        batch.setMaxBytes(config.batchMaxBytes());
        batch.setTimeoutMs(config.batchTimeout().toMillis());
        batch.setSendQueueMaxBytes(config.sendQueueMaxBytes());
        batch.setStaticLabels(true);
        batch.setUseDirectBuffers(false); // heap only: the container memory limit stays the only limit
        batch.setDrainOnStop(true);
        appender.setBatch(batch);

        HttpCfg http = new HttpCfg();
        http.setUrl(pushUrl);
        http.setConnectionTimeoutMs(config.connectTimeout().toMillis());
        http.setRequestTimeoutMs(config.requestTimeout().toMillis());
        http.setMaxRetries(config.maxRetries());
        http.setMinRetryBackoffMs(config.minRetryBackoff().toMillis());
        http.setMaxRetryBackoffMs(config.maxRetryBackoff().toMillis());
        http.setMaxRetryJitterMs(200);
        http.setDropRateLimitedBatches(false);
        config.orgId().ifPresent(http::setTenantId);
        if (config.username().isPresent()) {
            BasicAuth auth = new BasicAuth();
            auth.setUsername(config.username().get());
            auth.setPassword(config.password().orElse(""));
            http.setAuth(auth);
        }
        http.setSender(new JavaHttpSender());
        appender.setHttp(http);
        return appender;
    }

    /** Label values come from configuration; keep them to the characters a Loki label value needs. */
    static String labelValue(String value) {
        return value == null || value.isBlank() ? "unknown" : value.trim().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * Loki4j reports failed pushes to Logback's status manager; by default it prints each with a stack trace to stderr.
     * This listener replaces that printer: at most one WARN line per minute on the console, with the count of the
     * suppressed ones, no stack trace. Its logger is never shipped ({@link LokiLogHandler#OWN_LOGGER}).
     */
    static final class ThrottledStatusListener implements StatusListener {

        private static final Logger LOG = Logger.getLogger(LokiLogHandler.OWN_LOGGER);
        private static final long INTERVAL_NANOS = 60_000_000_000L;

        private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
        private final AtomicLong suppressed = new AtomicLong();

        @Override
        public void addStatusEvent(Status status) {
            if (status.getEffectiveLevel() < Status.WARN) {
                return;
            }
            long now = System.nanoTime();
            long last = lastReport.get();
            if (now - last < INTERVAL_NANOS || !lastReport.compareAndSet(last, now)) {
                suppressed.incrementAndGet();
                return;
            }
            Throwable cause = status.getThrowable();
            LOG.warnf("Log shipping to Loki: %s%s (%d similar message(s) suppressed in the last minute)",
                    status.getMessage(), cause == null ? "" : " [" + cause.getClass().getSimpleName() + "]",
                    suppressed.getAndSet(0));
        }

        @Override
        public boolean isResetResistant() {
            return true;
        }
    }
}
