package io.pivotreport.report.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.platform.security.InternalTokenDenials;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The service's own counters; fixed tag values only, never a tenant or account. Registered at start-up so they read 0. */
@Startup
@ApplicationScoped
public class ReportMetrics {

    public static final String SAVED = "pivot_reports_saved_total";
    public static final String ERASURES = "pivot_report_tenant_erasures_total";
    public static final String ERASED = "pivot_reports_erased_total";
    public static final String QUOTA_REJECTIONS = "pivot_report_quota_rejections_total";
    public static final String LIFECYCLE_EVENTS = "pivot_report_lifecycle_events_total";
    /** Platform-wide name (every service holding accountIds counts its account erasures here, tagged by service). */
    public static final String ACCOUNT_ERASURES = "pivot_account_erasures_total";
    public static final String ACCOUNT_ERASURE_ROWS = "pivot_report_account_erasure_rows_total";
    public static final String CLOSURE_EVENTS = "pivot_report_account_closure_events_total";
    public static final String REFERENCES_RECONCILED = "pivot_report_account_references_reconciled_total";

    /** What the lifecycle consumer did with an event. */
    public enum LifecycleOutcome {
        /** ERASURE_DUE applied: the tenant's reports were deleted and a receipt queued. */
        ERASED,
        /** A lifecycle change that needs nothing from this service (installed, uninstalled, ...). */
        IGNORED,
        /** An event id seen before: redelivery, skipped. */
        DUPLICATE,
        /** Not a readable lifecycle event: skipped, since retrying cannot fix it. */
        MALFORMED
    }

    /** What the account-closure consumer did with an event. */
    public enum ClosureOutcome {
        /** The account's private reports deleted, its shared ones disowned. */
        ERASED,
        /** An event id seen before: redelivery, skipped. */
        DUPLICATE,
        /** Not a readable account closure: skipped, since retrying cannot fix it. */
        MALFORMED
    }

    private final Map<ReportSaved.Operation, Counter> saved = new EnumMap<>(ReportSaved.Operation.class);
    private final Map<LifecycleOutcome, Counter> lifecycle = new EnumMap<>(LifecycleOutcome.class);
    private final Counter erasures;
    private final Counter erased;
    private final Counter quotaRejections;
    private final Map<ClosureOutcome, Counter> closures = new EnumMap<>(ClosureOutcome.class);
    private final Counter accountErasures;
    private final Counter privateReportsDeleted;
    private final Counter sharedReportsDisowned;
    private final Counter referencesRemoved;
    private final Counter outboxEventsRemoved;
    private final Counter referencesReconciled;

    public ReportMetrics(MeterRegistry registry) {
        for (ReportSaved.Operation operation : ReportSaved.Operation.values()) {
            saved.put(operation, Counter.builder(SAVED).description("Saved-report writes that committed")
                    .tag("operation", operation.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (LifecycleOutcome outcome : LifecycleOutcome.values()) {
            lifecycle.put(outcome, Counter.builder(LIFECYCLE_EVENTS)
                    .description("Tenant lifecycle events consumed, by what was done with them")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        erasures = Counter.builder(ERASURES).description("Tenant erasures committed").register(registry);
        erased = Counter.builder(ERASED).description("Saved reports deleted by tenant erasures").register(registry);
        quotaRejections = Counter.builder(QUOTA_REJECTIONS)
                .description("Report creations refused because the tenant is at its quota").register(registry);
        for (ClosureOutcome outcome : ClosureOutcome.values()) {
            closures.put(outcome, Counter.builder(CLOSURE_EVENTS)
                    .description("Account-closure events consumed, by what was done with them")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        accountErasures = Counter.builder(ACCOUNT_ERASURES).description("Closed accounts erased (committed)")
                .tag("service", TenantErasure.SERVICE).register(registry);
        privateReportsDeleted = erasureRows(registry, "private_report_deleted");
        sharedReportsDisowned = erasureRows(registry, "shared_report_disowned");
        referencesRemoved = erasureRows(registry, "account_reference_deleted");
        outboxEventsRemoved = erasureRows(registry, "outbox_event_deleted");
        referencesReconciled = Counter.builder(REFERENCES_RECONCILED)
                .description("Account-reference events queued by the reconcile job (backfill, repairs)")
                .register(registry);
        // platform-service registers these on its first denial; alerts need every series from start-up, at 0.
        for (InternalTokenDenials.Reason reason : InternalTokenDenials.Reason.values()) {
            Counter.builder(InternalTokenDenials.METRIC)
                    .description("Calls to this private service refused at the internal-token check")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    void onSaved(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReportSaved event) {
        saved.get(event.operation()).increment();
    }

    void onErased(@Observes(during = TransactionPhase.AFTER_SUCCESS) TenantErased event) {
        erasures.increment();
        erased.increment(event.reports());
    }

    void onAccountErased(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountErased event) {
        accountErasures.increment();
        privateReportsDeleted.increment(event.privateReportsDeleted());
        sharedReportsDisowned.increment(event.sharedReportsDisowned());
        referencesRemoved.increment(event.referencesDeleted());
        outboxEventsRemoved.increment(event.outboxEventsDeleted());
    }

    public void closureEvent(ClosureOutcome outcome) {
        closures.get(outcome).increment();
    }

    public void referencesReconciled(int queued) {
        referencesReconciled.increment(queued);
    }

    private static Counter erasureRows(MeterRegistry registry, String action) {
        return Counter.builder(ACCOUNT_ERASURE_ROWS).description("Rows changed by account erasures, by action")
                .tag("action", action).register(registry);
    }

    public void lifecycleEvent(LifecycleOutcome outcome) {
        lifecycle.get(outcome).increment();
    }

    public void quotaRejected() {
        quotaRejections.increment();
    }

    /** Fired inside the account-erasure transaction; counted after the commit. */
    public record AccountErased(long privateReportsDeleted, long sharedReportsDisowned, long referencesDeleted,
                                long outboxEventsDeleted) {
    }

    /** Fired inside the erasure transaction. */
    public record TenantErased(long reports) {
    }
}
