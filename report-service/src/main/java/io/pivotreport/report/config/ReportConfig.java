package io.pivotreport.report.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/** report-service's own settings (the outbox relay has its own, {@code pivot.outbox.*}, in platform-data). */
@ConfigMapping(prefix = "pivot.report")
public interface ReportConfig {

    /**
     * The most saved reports one tenant may hold. Creating one more answers 422 {@code quota-exceeded}; updating and
     * deleting are never limited.
     */
    @WithDefault("500")
    @Min(1)
    int maxReportsPerTenant();

    /** The page size of {@code GET /reports} when the caller names none. */
    @WithDefault("20")
    @Min(1)
    @Max(100)
    int defaultPageSize();

    /** The largest page size a caller may ask for; larger requests answer 400. Never above 100. */
    @WithDefault("100")
    @Min(1)
    @Max(100)
    int maxPageSize();

    /**
     * How often the account-reference reconcile job runs (first run a few seconds after start-up): it announces owners
     * that were never announced (reports from before account references existed) and releases pairs whose last report
     * is gone. Read by the scheduler as {@code pivot.report.account-reference-reconcile-interval}.
     */
    @WithDefault("1h")
    Duration accountReferenceReconcileInterval();
}
