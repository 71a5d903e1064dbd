package io.pivotreport.license.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.TenantErasureReceipt;
import io.pivotreport.events.Topics;
import io.pivotreport.license.model.HistoryKind;
import io.pivotreport.license.model.Tenant;
import io.pivotreport.license.service.AccountHistory;
import io.pivotreport.platform.data.ConsumerRetry;
import io.pivotreport.platform.data.PoisonRecordException;
import io.pivotreport.platform.data.ProcessedEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Records other services' erasure receipts in the erased tenant's account history (which service erased how many rows
 * of which table). Idempotent: a redelivered receipt finds its id in the processed-event ledger and is skipped; the
 * offset is committed only after the database transaction. A database outage is waited out by {@link ConsumerRetry}
 * (one transaction per attempt, record unacknowledged, readiness DOWN), never skipped and never stopping the channel;
 * a malformed receipt is counted and skipped.
 */
@ApplicationScoped
public class ErasureReceiptConsumer {

    private static final Logger LOG = Logger.getLogger(ErasureReceiptConsumer.class);
    static final String CONSUMER = "license-service.erasure-receipts";
    public static final String METRIC = "pivot_license_erasure_receipts_total";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,62}");

    @Inject
    ProcessedEvents processed;

    @Inject
    AccountHistory history;

    @Inject
    MeterRegistry registry;

    @Inject
    ConsumerRetry retry;

    @Incoming(Topics.TENANT_ERASURE_RECEIPTS)
    @Blocking
    public void onReceipt(String payload) {
        TenantErasureReceipt receipt;
        try {
            receipt = EventJson.mapper().readValue(payload, TenantErasureReceipt.class);
        } catch (Exception e) {
            // a malformed record cannot become valid by retrying; skip it (never log its content)
            count("rejected");
            LOG.warnf("Skipped an erasure receipt that is not a valid TenantErasureReceipt (%s)",
                    e.getClass().getSimpleName());
            return;
        }
        if (!NAME.matcher(receipt.service()).matches()
                || !receipt.rowsErased().keySet().stream().allMatch(t -> NAME.matcher(t).matches())) {
            count("rejected");
            LOG.warnf("Skipped erasure receipt %s: service or table names are not plain identifiers",
                    receipt.eventId());
            return;
        }
        String outcome;
        try {
            outcome = retry.untilCommitted(Topics.TENANT_ERASURE_RECEIPTS, () -> record(receipt));
        } catch (PoisonRecordException e) {
            outcome = "rejected";
            LOG.warnf("Skipped erasure receipt %s: %s", receipt.eventId(), e.getMessage());
        }
        count(outcome);
        switch (outcome) {
            case "unknown_tenant" -> LOG.warnf("Skipped erasure receipt %s: the tenant is not known here",
                    receipt.eventId());
            case "recorded" -> LOG.infof("Tenant %s: %s reported its erasure", receipt.tenantId(), receipt.service());
            default -> {
                // duplicates and rejections are counted only
            }
        }
    }

    /** One attempt, inside its transaction; returns the outcome to count once it committed. */
    private String record(TenantErasureReceipt receipt) {
        UUID tenantId = parse(receipt.tenantId());
        if (tenantId == null || Tenant.findById(tenantId) == null) {
            return "unknown_tenant";
        }
        if (!processed.firstTime(CONSUMER, receipt.eventId())) {
            return "duplicate";
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("service", receipt.service());
        detail.put("rowsErased", new TreeMap<>(receipt.rowsErased()));
        detail.put("erasedAt", receipt.erasedAt().toString());
        detail.put("eventId", receipt.eventId().toString());
        if (receipt.causeEventId() != null) {
            detail.put("causeEventId", receipt.causeEventId().toString());
        }
        history.record(tenantId, HistoryKind.ERASURE_RECEIPT, detail);
        return "recorded";
    }

    private void count(String outcome) {
        registry.counter(METRIC, "outcome", outcome).increment();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
